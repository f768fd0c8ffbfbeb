// createApp(deps): the whole HTTP surface, pure. No environment, sockets, timers or
// signals here: the entries (server.ts, worker.ts) and the tests hand everything in.
import { HTTPException } from 'hono/http-exception';
import type { AppDeps } from './deps.js';
import { DomainError } from './errors.js';
import { authenticate } from './http/auth.js';
import { problemResponse } from './http/errors.js';
import { limitBody, limitBodyOutsideApi, refuseUnstorableText, requestContext, requireJsonBody } from './http/middleware.js';
import { createRouter } from './http/router.js';
import { accountRoutes } from './routes/accounts.js';
import { connectionRoutes } from './routes/connections.js';
import { contactRoutes } from './routes/contacts.js';
import { docsRoutes } from './routes/docs.js';
import { invoiceActionRoutes } from './routes/invoice-actions.js';
import { invoiceRoutes } from './routes/invoices.js';
import { payRoutes } from './routes/pay.js';
import { paymentRoutes } from './routes/payments.js';
import { problemRoutes } from './routes/problems.js';
import { createPostFinanceCheckoutSandbox } from './sandbox/postfinance-checkout/index.js';
import { defaultPostFinanceCheckoutSandbox } from './sandbox/postfinance-checkout/state.js';
import { createPostFinanceSandbox } from './sandbox/postfinance/index.js';
import { createSaferpaySandbox } from './sandbox/saferpay/index.js';
import { createStripeSandbox } from './sandbox/stripe/index.js';
import { defaultStripeSandbox } from './sandbox/stripe/state.js';
import { auditRoutes } from './routes/audit.js';
import { bankStatementRoutes } from './routes/bank-statements.js';
import { reconciliationRoutes } from './routes/reconciliation.js';
import { exchangeRateRoutes } from './routes/exchange-rates.js';
import { reportRoutes } from './routes/reports.js';
import { paymentAdapters } from './providers/adapters.js';
import { healthRoutes } from './routes/health.js';
import { journalRoutes } from './routes/journal.js';
import { meRoutes } from './routes/me.js';
import { settingsRoutes } from './routes/settings.js';
import { userRoutes } from './routes/users.js';
import { officeRoutes } from './web/index.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';
import { createWebhookReceiver } from './sandbox/webhook-receiver/index.js';

export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use('*', requestContext(deps));
  app.use('*', limitBodyOutsideApi);
  app.use('/api/*', limitBody, requireJsonBody);
  app.use('*', refuseUnstorableText);
  app.use('/api/v1/*', authenticate);

  if (deps.sandbox) {
    // Both simulators call back the way the providers do: over HTTP, after the response.
    const notifier = {
      fetch: deps.fetch ?? fetch,
      defer: deps.defer ?? ((task: () => Promise<void>) => void task().catch(() => {})),
      lateNotifyMs: deps.sandbox.lateNotifyMs ?? 30_000,
    };
    const memory = deps.sandbox.memory;
    const saferpay = createSaferpaySandbox({
      config: deps.sandbox.saferpay,
      baseUrl: `${deps.publicBaseUrl}/sandbox/saferpay`,
      now: deps.now,
      notifier,
      memory,
    });
    app.route('/sandbox/saferpay', saferpay.app);
    if (deps.sandbox.postfinance) {
      const postfinance = createPostFinanceSandbox({ config: deps.sandbox.postfinance, publicBaseUrl: deps.publicBaseUrl, now: deps.now, notifier, memory });
      app.route('/sandbox/postfinance', postfinance.app);
    }
    const checkout = createPostFinanceCheckoutSandbox({
      config: deps.sandbox.postfinanceCheckout ?? defaultPostFinanceCheckoutSandbox,
      baseUrl: `${deps.publicBaseUrl}/sandbox/postfinance-checkout`,
      now: deps.now,
      notifier,
      memory,
    });
    app.route('/sandbox/postfinance-checkout', checkout.app);
    app.route('/sandbox/webhook-receiver', createWebhookReceiver({ now: deps.now }));
    const stripe = createStripeSandbox({
      config: deps.sandbox.stripe ?? defaultStripeSandbox,
      baseUrl: `${deps.publicBaseUrl}/sandbox/stripe`,
      now: deps.now,
      notifier,
      memory,
    });
    app.route('/sandbox/stripe', stripe.app);
  }

  app.route('/office', officeRoutes);
  app.get('/', (c) => c.redirect('/office', 303));
  app.route('/', healthRoutes);
  app.route('/', problemRoutes);
  app.route('/', payRoutes);
  // Each provider's callbacks and return pages come with its adapter.
  for (const { routes } of Object.values(paymentAdapters)) {
    if (routes) app.route('/', routes);
  }
  const apiRoutes = [
    meRoutes,
    userRoutes,
    settingsRoutes,
    accountRoutes,
    journalRoutes,
    auditRoutes,
    contactRoutes,
    invoiceRoutes,
    invoiceActionRoutes,
    connectionRoutes,
    paymentRoutes,
    bankStatementRoutes,
    reconciliationRoutes,
    exchangeRateRoutes,
    reportRoutes,
    webhookEndpointRoutes,
  ];
  for (const routes of apiRoutes) {
    app.route('/api/v1', routes);
  }

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key created by an admin (or printed at first start), sent as a bearer token.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Invoice payment links',
      version: '1',
      description:
        'Invoices with Pay now links, Saferpay and SwissBilling payments, and the journal behind them. ' +
        'Money is always an integer count of minor units plus an ISO 4217 currency code. ' +
        'Errors are application/problem+json with a stable `code`.',
      license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
    },
    // The one origin this server answers on (PUBLIC_BASE_URL): generated clients take it as their default.
    servers: [{ url: deps.publicBaseUrl, description: 'This service' }],
  });
  app.route('/', docsRoutes);

  app.notFound((c) =>
    problemResponse(
      c,
      new DomainError('route_not_found', `There is no route ${c.req.method} ${c.req.path}.`),
    ),
  );
  app.onError((error, c) => {
    if (error instanceof DomainError) return problemResponse(c, error);
    if (error instanceof HTTPException && error.status === 400 && /JSON/i.test(error.message)) {
      return problemResponse(
        c,
        new DomainError('malformed_json', 'The request body could not be parsed as JSON.'),
      );
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(c, new DomainError('validation_failed', error.message));
    }
    c.get('deps').logger.error('unhandled error', {
      requestId: c.get('requestId'),
      error: error instanceof Error ? error.stack : String(error),
    });
    return problemResponse(
      c,
      new DomainError('internal_error', 'The error was logged; quote the requestId.'),
    );
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
