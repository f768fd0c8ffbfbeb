// The simulated Saferpay JSON API: the routes the client uses, with the real paths, the
// checks Saferpay makes (Accept, Content-Type, Basic auth, RequestHeader, terminal
// ownership, each method's currency contract, token lifetime) and its error shapes and HTTP statuses.
import { Hono } from 'hono';
import { z } from 'zod';
import { SaferpayFault, fault, faultResponse } from './errors.js';
import { type SaferpaySandboxState, type SandboxPayment, type SandboxRefund, saferpayId } from './state.js';

export interface SaferpaySandboxDeps {
  state: SaferpaySandboxState;
  /** Where the hosted page lives, for RedirectUrl. */
  pageBaseUrl: string;
  now: () => Date;
}

const idPattern = /^[A-Za-z0-9.:_-]+$/;
const requestHeaderSchema = z.object({
  SpecVersion: z.string().regex(/^1\.\d{1,2}$/),
  CustomerId: z.string().regex(/^\d{1,8}$/),
  RequestId: z.string().min(1).max(50).regex(idPattern),
  RetryIndicator: z.number().int().min(0).max(9),
});
const amountSchema = z.object({ Value: z.string().regex(/^\d+$/), CurrencyCode: z.string().regex(/^[A-Z]{3}$/) });
// Exactly one of TransactionId and OrderId (shared/specs/saferpay.md §4).
const transactionReference = z.object({
  TransactionReference: z
    .object({ TransactionId: z.string().min(1).max(64).optional(), OrderId: z.string().min(1).max(80).optional() })
    .refine((r) => (r.TransactionId === undefined) !== (r.OrderId === undefined), { message: 'exactly one of TransactionId and OrderId' }),
});

const schemas = {
  Initialize: z.object({
    TerminalId: z.string().regex(/^\d{8}$/),
    Payment: z.object({ Amount: amountSchema, OrderId: z.string().min(1).max(80).regex(idPattern).optional(), Description: z.string().min(1).max(1000) }),
    PaymentMethods: z.array(z.string()).optional(),
    ReturnUrl: z.object({ Url: z.string().url().max(2000) }),
    Notification: z.object({ SuccessNotifyUrl: z.string().url().max(2000).optional(), FailNotifyUrl: z.string().url().max(2000).optional() }).optional(),
    Payer: z.object({ LanguageCode: z.string().optional() }).passthrough().optional(),
  }),
  Assert: z.object({ Token: z.string().min(1).max(50) }),
  Capture: transactionReference,
  Cancel: transactionReference,
  Inquire: transactionReference,
  Refund: z.object({
    Refund: z.object({ Amount: amountSchema, OrderId: z.string().max(80).optional(), RestrictRefundAmountToCapturedAmount: z.boolean().optional() }),
    CaptureReference: z.object({ CaptureId: z.string().min(1).max(64) }),
  }),
};

function transactionView(payment: SandboxPayment) {
  return {
    Type: 'PAYMENT',
    Status: payment.state,
    Id: payment.transactionId,
    ...(payment.captureId ? { CaptureId: payment.captureId } : {}),
    Date: new Date().toISOString(),
    Amount: { Value: String(payment.amount), CurrencyCode: payment.currency },
    OrderId: payment.orderId,
    SixTransactionReference: `0:0:3:${payment.transactionId}`,
  };
}

function refundView(payment: SandboxPayment, refund: SandboxRefund) {
  return {
    Type: 'REFUND',
    Status: refund.state,
    Id: refund.id,
    ...(refund.state === 'CAPTURED' ? { CaptureId: `${refund.id}_c` } : {}),
    Date: new Date().toISOString(),
    Amount: { Value: String(refund.amount), CurrencyCode: payment.currency },
    OrderId: refund.orderId,
    SixTransactionReference: `0:0:3:${refund.id}`,
  };
}

function paymentMeans(payment: SandboxPayment) {
  const brand = payment.brand ?? 'VISA';
  return { Brand: { PaymentMethod: brand, Name: brand === 'TWINT' ? 'TWINT' : `${brand} Saferpay Test` }, DisplayText: brand === 'TWINT' ? 'TWINT' : 'xxxx xxxx xxxx 0001' };
}

export function saferpaySandboxApi(deps: SaferpaySandboxDeps) {
  const api = new Hono();
  const { state } = deps;

  api.post('/Payment/v1/:interface/:action', async (c) => {
    let header: { SpecVersion?: string; RequestId?: string } = {};
    try {
      if (!/application\/json/i.test(c.req.header('Accept') ?? '')) throw fault(406, 'VALIDATION_FAILED', 'Accept must be application/json');
      if (!/^application\/json/i.test(c.req.header('Content-Type') ?? '')) throw fault(415, 'VALIDATION_FAILED', 'Content-Type must be application/json');
      const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
      if (!body) throw fault(400, 'VALIDATION_FAILED', 'Request validation failed', { ErrorDetail: ['Body: invalid JSON'] });
      header = (body.RequestHeader ?? {}) as typeof header;
      const customer = authenticate(c.req.header('Authorization'));
      const parsedHeader = requestHeaderSchema.safeParse(body.RequestHeader);
      const action = c.req.param('action') as keyof typeof schemas;
      // Own keys only: `constructor` or `toString` in the URL must not find Object's methods.
      const schema = Object.hasOwn(schemas, action) ? schemas[action] : undefined;
      if (!schema || !['PaymentPage', 'Transaction'].includes(c.req.param('interface'))) {
        throw fault(400, 'VALIDATION_FAILED', 'Request validation failed', { ErrorDetail: [`Unknown interface ${c.req.param('interface')}/${action}`] });
      }
      const parsed = schema.safeParse(body);
      const issues = [...(parsedHeader.success ? [] : prefix('RequestHeader', parsedHeader.error.issues)), ...(parsed.success ? [] : prefix('', parsed.error.issues))];
      if (issues.length > 0) throw fault(400, 'VALIDATION_FAILED', 'Request validation failed', { ErrorDetail: issues });
      if (parsedHeader.data!.CustomerId !== customer.customerId) throw fault(403, 'PERMISSION_DENIED', 'Access denied');
      const result = handle(action, parsed.data as never, customer.customerId);
      return c.json({ ResponseHeader: { SpecVersion: parsedHeader.data!.SpecVersion, RequestId: parsedHeader.data!.RequestId }, ...result });
    } catch (error) {
      if (error instanceof SaferpayFault) return faultResponse(c, error, header);
      throw error;
    }
  });

  // Management API: what a terminal offers (shared/specs/saferpay.md §10).
  api.get('/rest/customers/:customerId/terminals/:terminalId', (c) => {
    try {
      const customer = authenticate(c.req.header('Authorization'));
      const terminal = customer.customerId === c.req.param('customerId')
        ? customer.terminals.find((t) => t.terminalId === c.req.param('terminalId'))
        : undefined;
      if (!terminal) throw fault(403, 'PERMISSION_DENIED', 'Access denied');
      return c.json({
        TerminalId: terminal.terminalId,
        Type: 'ECOM',
        Description: 'Sandbox terminal',
        PaymentMethods: Object.entries(terminal.paymentMethods).map(([method, currencies]) => ({
          PaymentMethod: method,
          Currencies: currencies,
        })),
      });
    } catch (error) {
      if (error instanceof SaferpayFault) return faultResponse(c, error, {});
      throw error;
    }
  });

  function authenticate(authorization: string | undefined) {
    const match = /^Basic (.+)$/.exec(authorization ?? '');
    const [username, password] = match ? decodeBasic(match[1]!).split(':') : [];
    const customer = state.config.customers.find((c) => c.username === username && c.password === password);
    if (!customer) throw fault(401, 'AUTHENTICATION_FAILED', 'Unable to authenticate request');
    return customer;
  }

  function ownPayment(token: string, customerId: string) {
    const payment = state.payments.get(token);
    if (!payment || payment.customerId !== customerId) throw fault(402, 'TOKEN_INVALID', 'Token invalid');
    return payment;
  }

  function ownTransaction(reference: z.infer<typeof transactionReference>['TransactionReference'], customerId: string) {
    const found = state.byReference(reference);
    if (!found || found.payment.customerId !== customerId) throw fault(402, 'TRANSACTION_NOT_FOUND', 'Transaction not found');
    return found;
  }

  function handle(action: keyof typeof schemas, body: never, customerId: string): Record<string, unknown> {
    switch (action) {
      case 'Initialize': {
        const input = body as z.infer<typeof schemas.Initialize>;
        const terminal = state.customer(customerId)?.terminals.find((t) => t.terminalId === input.TerminalId);
        if (!terminal) throw fault(403, 'PERMISSION_DENIED', 'Terminal does not belong to the customer');
        // The page shows only the methods whose contract covers the currency; with none left
        // there is nothing to pay with (shared/specs/saferpay.md §8).
        const currency = input.Payment.Amount.CurrencyCode;
        const asked = input.PaymentMethods?.length ? input.PaymentMethods : Object.keys(terminal.paymentMethods);
        const methods = asked.filter((method) => terminal.paymentMethods[method]?.includes(currency));
        if (methods.length === 0) throw fault(402, 'NO_CONTRACT', 'No contract available for the brand / currency combination');
        const token = saferpayId().toLowerCase();
        const expiresAt = deps.now().getTime() + state.config.tokenLifetimeMs;
        state.payments.set(token, {
          token,
          customerId,
          terminalId: input.TerminalId,
          amount: Number(input.Payment.Amount.Value),
          currency: input.Payment.Amount.CurrencyCode,
          orderId: input.Payment.OrderId ?? '',
          description: input.Payment.Description,
          methods,
          returnUrl: input.ReturnUrl.Url,
          successNotifyUrl: input.Notification?.SuccessNotifyUrl ?? null,
          failNotifyUrl: input.Notification?.FailNotifyUrl ?? null,
          expiresAt,
          state: 'page_open',
          transactionId: saferpayId(),
          captureId: null,
          brand: null,
          refunds: [],
        });
        return {
          Token: token,
          Expiration: new Date(expiresAt).toISOString(),
          RedirectUrl: `${deps.pageBaseUrl}/vt2/api/PaymentPage/${customerId}/${input.TerminalId}/${token}`,
        };
      }
      case 'Assert': {
        const payment = ownPayment((body as { Token: string }).Token, customerId);
        const ids = { TransactionId: payment.transactionId, OrderId: payment.orderId };
        if (payment.state === 'page_open') {
          if (deps.now().getTime() > payment.expiresAt) throw fault(402, 'TOKEN_EXPIRED', 'Token expired', ids);
          throw fault(402, 'TRANSACTION_NOT_STARTED', 'Transaction not started', { ...ids, Behavior: 'RETRY_LATER' });
        }
        if (payment.state === 'declined') {
          throw fault(402, 'TRANSACTION_DECLINED', 'Transaction declined', { ...ids, PayerMessage: 'Card declined by the issuer (simulated)' });
        }
        if (payment.state === 'aborted') throw fault(402, 'TRANSACTION_ABORTED', 'Transaction aborted', ids);
        return { Transaction: transactionView(payment), PaymentMeans: paymentMeans(payment) };
      }
      case 'Capture': {
        const { payment, refund } = ownTransaction((body as z.infer<typeof transactionReference>).TransactionReference, customerId);
        // A refund is authorised first and captured like a payment, with the same answers.
        const target = refund ?? payment;
        if (target.state === 'CAPTURED') throw fault(402, 'TRANSACTION_ALREADY_CAPTURED', 'Transaction already captured');
        if (target.state !== 'AUTHORIZED') throw fault(402, 'TRANSACTION_IN_WRONG_STATE', 'Transaction in wrong state');
        target.state = 'CAPTURED';
        if (refund) return { CaptureId: `${refund.id}_c`, Status: 'CAPTURED', Date: new Date().toISOString() };
        payment.captureId = `${payment.transactionId}_c`;
        return { CaptureId: payment.captureId, Status: 'CAPTURED', Date: new Date().toISOString() };
      }
      case 'Cancel': {
        const { payment, refund } = ownTransaction((body as z.infer<typeof transactionReference>).TransactionReference, customerId);
        const target = refund ?? payment;
        if (target.state === 'CAPTURED') throw fault(402, 'TRANSACTION_ALREADY_CAPTURED', 'Transaction already captured');
        if (target.state !== 'AUTHORIZED') throw fault(402, 'TRANSACTION_IN_WRONG_STATE', 'Transaction in wrong state');
        target.state = 'CANCELED';
        return { TransactionId: refund?.id ?? payment.transactionId, OrderId: refund?.orderId ?? payment.orderId, Date: new Date().toISOString() };
      }
      case 'Inquire': {
        const { payment, refund } = ownTransaction((body as z.infer<typeof transactionReference>).TransactionReference, customerId);
        return { Transaction: refund ? refundView(payment, refund) : transactionView(payment), PaymentMeans: paymentMeans(payment) };
      }
      case 'Refund': {
        const input = body as z.infer<typeof schemas.Refund>;
        const payment = state.byCaptureId(input.CaptureReference.CaptureId);
        if (!payment || payment.customerId !== customerId) throw fault(402, 'TRANSACTION_NOT_FOUND', 'Transaction not found');
        if (input.Refund.Amount.CurrencyCode !== payment.currency) throw fault(402, 'CURRENCY_INVALID', 'Currency differs from the captured transaction');
        const refunded = payment.refunds.filter((r) => r.state !== 'CANCELED').reduce((sum, r) => sum + r.amount, 0);
        const amount = Number(input.Refund.Amount.Value);
        if (amount <= 0 || refunded + amount > payment.amount) throw fault(402, 'AMOUNT_INVALID', 'Refund amount exceeds the captured amount');
        const refund: SandboxRefund = { id: saferpayId(), amount, orderId: input.Refund.OrderId ?? payment.orderId, state: 'AUTHORIZED' };
        payment.refunds.push(refund);
        return { Transaction: refundView(payment, refund), PaymentMeans: paymentMeans(payment) };
      }
    }
  }

  return api;
}

function prefix(path: string, issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((issue) => `${[path, ...issue.path.map(String)].filter(Boolean).join('.')}: ${issue.message}`);
}

/** Credentials in UTF-8 (RFC 7617); ones that are not even base64 are wrong ones: 401, not a crash. */
function decodeBasic(encoded: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0)));
  } catch {
    return '';
  }
}
