// The Node entry: configuration, database (embedded PGlite or PostgreSQL), first-start
// bootstrap, the HTTP server, and a graceful shutdown on SIGTERM/SIGINT.
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError } from './config.js';
import { loadConfig } from './node/load-config.js';
import { createJsonLogger } from './logger.js';
import { migrationsChecker, openEmbeddedDatabase, openPostgresDatabase } from './node/database.js';
import { readDocsAsset } from './node/docs-assets.js';
import { loadOrCreateSecret } from './node/embedded-secret.js';
import { nodeClientAddress } from './node/client-address.js';
import { startJobs } from './node/jobs.js';
import { createFileMailer, createSmtpMailer } from './node/mail-transport.js';
import { createPublicOnlyFetch } from './node/public-only-fetch.js';
import { createHttpMailer } from './http-mail-transport.js';
import { deliverOutbox } from './services/deliver-outbox.js';
import { reconcileOpenAttempts } from './services/reconcile-attempts.js';
import { deliverWebhooks } from './webhooks/deliver-webhooks.js';
import { reconcileReportedPayouts } from './services/reconcile-payouts.js';
import { paymentDeps, sandboxEnabled } from './payments/deps.js';
import { pruneRateLimits } from './rate-limit/counter.js';
import type { AppDeps } from './deps.js';
import { bootstrapDemoTenant } from './services/bootstrap-demo-tenant.js';
import { defaultPostFinanceSandbox } from './sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from './sandbox/saferpay/state.js';
import { createSecretBox } from './secret-box.js';

// A start that ends before it listens always says why, whatever ended it: a thrown error, a
// rejected promise nobody awaited, or an exit from deep inside a library.
let listening = false;
const failedStart = (reason: string, error?: unknown) =>
  console.error(
    JSON.stringify({
      level: 'error',
      time: new Date().toISOString(),
      msg: listening ? 'stopped' : 'start failed',
      reason,
      error: error instanceof Error ? (error.stack ?? error.message) : error === undefined ? undefined : String(error),
    }),
  );
process.on('uncaughtException', (error) => {
  failedStart('uncaught exception', error);
  process.exit(1);
});
process.on('unhandledRejection', (error) => {
  failedStart('unhandled promise rejection', error);
  process.exit(1);
});
process.on('exit', (code) => {
  if (!listening && code !== 0) failedStart(`exit code ${code}`);
});

async function main() {
  const config = loadConfig();
  const logger = createJsonLogger(config.logLevel);
  const started = Date.now();
  const appSecret = config.appSecret ?? (await loadOrCreateSecret(config.dataDir));
  const database = config.databaseUrl
    ? await openPostgresDatabase(config.databaseUrl)
    : await openEmbeddedDatabase(config.dataDir);
  logger.info('database ready', { kind: database.kind, ms: Date.now() - started });

  const secretBox = await createSecretBox(appSecret);
  const sandbox = config.sandboxEnabled ? { saferpay: defaultSaferpaySandbox, postfinance: defaultPostFinanceSandbox } : null;
  const demo = await bootstrapDemoTenant({
    db: database.db,
    apiKey: config.bootstrapAdminApiKey,
    adminPassword: config.bootstrapAdminPassword,
    publicBaseUrl: config.publicBaseUrl,
    secretBox,
    saferpaySandbox: sandbox?.saferpay,
    postfinanceSandbox: sandbox?.postfinance,
  });
  if (demo) {
    const shown = config.bootstrapAdminApiKey ? '(the BOOTSTRAP_ADMIN_API_KEY you set)' : demo.apiKey;
    const password = config.bootstrapAdminPassword ? '(the BOOTSTRAP_ADMIN_PASSWORD you set)' : demo.adminPassword;
    console.log(
      `\nCreated the demo tenant "Demo AG".\n` +
        `Back office: ${config.publicBaseUrl}/office  e-mail: ${demo.admin.email}  password: ${password}\n` +
        `Admin API key: ${shown}\nKeep both: they are shown only now.\n` +
        `A demo invoice is online at ${demo.payUrl}\n`,
    );
  }

  const appDeps: AppDeps = {
    db: database.db,
    logger,
    publicBaseUrl: config.publicBaseUrl,
    now: () => new Date(),
    clientAddress: nodeClientAddress(config.trustedProxies),
    migrationsCurrent: migrationsChecker(database.db),
    docsAssets: readDocsAsset,
    secretBox,
    sandbox,
    defer: (task, delayMs) => {
      setTimeout(() => task().catch((error) => logger.warn('deferred task failed', { error: String(error) })), delayMs);
    },
  };
  const app = createApp(appDeps);

  const mailer = config.mailApi
    ? createHttpMailer(config.mailApi)
    : config.smtpUrl
      ? createSmtpMailer(config.smtpUrl)
      : createFileMailer(config.dataDir, logger);
  const outboxDeps = {
    db: database.db,
    mailer,
    logger,
    now: () => new Date(),
    publicBaseUrl: config.publicBaseUrl,
    sandboxEnabled: sandboxEnabled(appDeps),
  };
  // Local receivers are allowed while the sandbox is on (endpoint-url.ts); otherwise each
  // delivery connects only to public addresses, whatever the endpoint's name resolves to.
  const webhookFetch = sandboxEnabled(appDeps) ? fetch : createPublicOnlyFetch();
  const webhookDeps = { db: database.db, logger, now: () => new Date(), secretBox, fetch: webhookFetch, sandboxEnabled: sandboxEnabled(appDeps) };
  const jobs = startJobs(
    [
      { name: 'outbox', everyMs: 5_000, run: () => deliverOutbox(outboxDeps) },
      { name: 'webhooks', everyMs: 5_000, run: () => deliverWebhooks(webhookDeps) },
      { name: 'reconcile-attempts', everyMs: 60_000, run: () => reconcileOpenAttempts(paymentDeps(appDeps)) },
      { name: 'reconcile-payouts', everyMs: 60 * 60_000, run: () => reconcileReportedPayouts(paymentDeps(appDeps)) },
      { name: 'prune-rate-limits', everyMs: 10 * 60_000, run: () => pruneRateLimits(database.db, new Date()) },
    ],
    logger,
  );

  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    listening = true;
    logger.info('listening', {
      startMs: Date.now() - started,
      port: info.port,
      url: config.publicBaseUrl,
      docs: `${config.publicBaseUrl}/docs`,
    });
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // close() stops accepting and calls back once in-flight requests have finished.
    server.close(async () => {
      await jobs.stop();
      await database.close();
      logger.info('stopped');
      process.exit(0);
    });
    setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, 15_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    failedStart('error during start', error);
  }
  process.exit(1);
});
