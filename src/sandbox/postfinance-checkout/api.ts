// The simulated API v2.0 (spec §3–§13): every request needs a valid JWT of a known
// application user, bound to its path and method; the Space header (or the path's space)
// must exist and the user must have a role on it, else the platform's error shape with 401,
// 404 or 403. Amounts are decimals in major units and must add up.
import { Hono, type Context } from 'hono';
import { checkoutMacHeaders, verifiedJwtClaims } from '../../providers/postfinance-checkout/auth.js';
import { randomToken } from '../../crypto.js';
import { parseDecimalAmount } from '../../reconciliation/decimal-amount.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { type CheckoutSandboxState, type SandboxSpace, type SandboxTransaction } from './state.js';
import { type SigningKey, sendWebhooks } from './webhooks.js';
import { transactionView } from './views.js';

type Env = { Variables: { space: SandboxSpace } };

const problem = (c: Context, status: 400 | 401 | 403 | 404 | 409 | 422, code: string, message: string, errors?: Record<string, string>) =>
  c.json({ id: crypto.randomUUID(), date: new Date().toISOString(), code, message, ...(errors ? { errors } : {}) }, status);

/** Minor units of a JSON decimal, or null. */
const minor = (value: unknown, currency: string) => {
  if (typeof value !== 'number') return null;
  const parsed = parseDecimalAmount(String(value), currency);
  return 'amount' in parsed ? parsed.amount : null;
};

/** Only the forms our client sends: `field:"value"`. */
const queried = (query: string | undefined, field: string) => {
  const match = new RegExp(`^${field}:("(?:[^"\\\\]|\\\\.)*")$`).exec(query ?? '');
  return match ? (JSON.parse(match[1]!) as string) : null;
};

export function checkoutSandboxApi(options: { state: CheckoutSandboxState; pageBaseUrl: string; notifier: SandboxNotifier; key: Promise<SigningKey>; now: () => Date }) {
  const { state } = options;
  const api = new Hono<Env>();

  /**
   * The user a request is signed by, as a JWT (v2.0) or the v1 MAC headers, bound to this
   * method and path; null otherwise. Whether the platform takes MAC on v2.0 paths is
   * UNCONFIRMED (spec §2); our client sends JWT only, the simulator checks either faithfully.
   */
  async function authenticated(headers: Headers, method: string, requestPath: string): Promise<{ sub: string; iat: number } | null> {
    const token = /^Bearer (.+)$/.exec(headers.get('Authorization') ?? '')?.[1];
    if (token) {
      const claims = await verifiedJwtClaims(token, (userId) => state.user(userId)?.authenticationKey);
      return claims && claims.requestPath === requestPath && claims.requestMethod === method ? claims : null;
    }
    const userId = headers.get('x-mac-userid') ?? '';
    const timestamp = Number(headers.get('x-mac-timestamp'));
    const user = state.user(userId);
    if (headers.get('x-mac-version') !== '1' || !user || !Number.isSafeInteger(timestamp)) return null;
    const expected = await checkoutMacHeaders({ userId, authenticationKey: user.authenticationKey, timestamp }, method, requestPath);
    const given = headers.get('x-mac-value') ?? '';
    // Compared as digests, so the time taken says nothing about how much of the MAC matched.
    const digest = async (text: string) => new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
    const [a, b] = await Promise.all([digest(expected['x-mac-value']!), digest(given)]);
    return a.every((byte, i) => byte === b[i]) ? { sub: userId, iat: timestamp } : null;
  }

  api.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const requestPath = url.pathname.slice(url.pathname.indexOf('/api/v2.0')) + url.search;
    const claims = await authenticated(c.req.raw.headers, c.req.method, requestPath);
    // The platform's allowed clock skew is UNCONFIRMED (spec §3.2); ten minutes here.
    const fresh = claims && Math.abs(claims.iat - options.now().getTime() / 1000) <= 600;
    if (!claims || !fresh) return problem(c, 401, 'unauthorized', 'The authentication failed: unknown user, wrong key, or a token for another request.');
    const pathSpace = /\/spaces\/([^/]+)$/.exec(url.pathname)?.[1];
    const spaceId = pathSpace ?? c.req.header('Space');
    if (!spaceId) return problem(c, 400, 'missing_space', 'The Space header is required.');
    const space = state.space(spaceId);
    if (!space) return problem(c, 404, 'not_found', `Space ${spaceId} does not exist.`);
    if (!state.user(claims.sub)!.spaceIds.includes(spaceId)) {
      return problem(c, 403, 'forbidden', 'Insufficient authorization: the application user has no role on this space.');
    }
    c.set('space', space);
    await next();
  });

  api.get('/spaces/:id', (c) => c.json({ id: Number(c.get('space').spaceId), name: c.get('space').name, state: 'ACTIVE' }));

  api.get('/payment/method-configurations', (c) =>
    c.json({ data: c.get('space').methodConfigurations.map((m) => ({ id: m.id, name: m.name, state: 'ACTIVE' })), limit: 100, hasMore: false }),
  );

  api.get('/webhooks/encryption-keys/:keyId', async (c) => {
    const key = await options.key;
    if (c.req.param('keyId') !== key.keyId) return problem(c, 404, 'not_found', 'No such key.');
    return c.json(key.publicKey);
  });

  api.post('/webhooks/urls', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { url?: unknown };
    if (typeof body.url !== 'string' || !URL.canParse(body.url)) return problem(c, 422, 'invalid', 'url is required.', { url: 'a URL' });
    state.webhookUrls.set(c.get('space').spaceId, body.url);
    return c.json({ id: 1, url: body.url, state: 'ACTIVE' });
  });

  api.post('/payment/transactions', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return problem(c, 400, 'malformed', 'The body is not JSON.');
    const space = c.get('space');
    const currency = String(body.currency ?? '');
    const items = Array.isArray(body.lineItems) ? (body.lineItems as Record<string, unknown>[]) : [];
    const amounts = items.map((item) => minor(item.amountIncludingTax, currency));
    const errors: Record<string, string> = {};
    if (items.length === 0) errors.lineItems = 'at least one line item';
    if (amounts.some((a) => a === null)) errors.lineItems = `amountIncludingTax must be a decimal in ${currency}`;
    for (const field of ['successUrl', 'failedUrl']) if (typeof body[field] !== 'string' || !URL.canParse(body[field] as string)) errors[field] = 'a URL';
    if (typeof body.merchantReference !== 'string' || body.merchantReference.length > 100) errors.merchantReference = 'at most 100 characters';
    const allowed = Array.isArray(body.allowedPaymentMethodConfigurations) ? (body.allowedPaymentMethodConfigurations as number[]) : space.methodConfigurations.map((m) => m.id);
    if (!allowed.every((id) => space.methodConfigurations.some((m) => m.id === id))) errors.allowedPaymentMethodConfigurations = 'configurations of this space';
    if (Object.keys(errors).length > 0) return problem(c, 422, 'invalid', 'The transaction is not valid.', errors);
    const transaction: SandboxTransaction = {
      id: state.newId(),
      spaceId: space.spaceId,
      state: 'PENDING',
      amount: (amounts as number[]).reduce((sum, a) => sum + a, 0),
      currency,
      merchantReference: body.merchantReference as string,
      successUrl: body.successUrl as string,
      failedUrl: body.failedUrl as string,
      allowed,
      metaData: (body.metaData as Record<string, string> | undefined) ?? {},
      environment: body.environmentSelectionStrategy === 'FORCE_PRODUCTION_ENVIRONMENT' ? 'PRODUCTION' : 'TEST',
      securityToken: randomToken(16),
      failure: null,
      refunded: 0,
      webhookUrl: state.webhookUrls.get(space.spaceId) ?? null,
      createdOn: options.now().toISOString(),
      version: 1,
    };
    state.transactions.set(transaction.id, transaction);
    return c.json(transactionView(transaction));
  });

  const ownTransaction = (c: Context<Env>) => {
    const transaction = state.transactions.get(Number(c.req.param('id')));
    return transaction && transaction.spaceId === c.get('space').spaceId ? transaction : null;
  };

  api.get('/payment/transactions/search', (c) => {
    const reference = queried(c.req.query('query'), 'merchantReference');
    if (reference === null) return problem(c, 400, 'invalid_query', 'The sandbox understands merchantReference:"…" only.');
    const data = [...state.transactions.values()]
      .filter((t) => t.spaceId === c.get('space').spaceId && t.merchantReference === reference)
      .sort((a, b) => b.id - a.id)
      .map(transactionView);
    return c.json({ data, offset: 0, limit: 100, hasMore: false });
  });

  api.get('/payment/transactions/:id', (c) => {
    const transaction = ownTransaction(c);
    return transaction ? c.json(transactionView(transaction)) : problem(c, 404, 'not_found', 'No such transaction in this space.');
  });

  api.get('/payment/transactions/:id/payment-page-url', (c) => {
    const t = ownTransaction(c);
    if (!t) return problem(c, 404, 'not_found', 'No such transaction in this space.');
    return c.json(`${options.pageBaseUrl}/s/${t.spaceId}/payment/transaction/pay/${t.id}?securityToken=${t.securityToken}`);
  });

  api.post('/payment/transactions/:id/void-online', (c) => {
    const t = ownTransaction(c);
    if (!t) return problem(c, 404, 'not_found', 'No such transaction in this space.');
    if (t.state !== 'AUTHORIZED') return problem(c, 409, 'invalid_state', `A ${t.state} transaction cannot be voided.`);
    t.state = 'VOIDED';
    sendWebhooks(state, options.notifier, options.key, t.webhookUrl, [{ entity: 'Transaction', entityId: t.id, spaceId: t.spaceId, state: 'VOIDED' }], 'once');
    return c.json({ id: state.newId(), state: 'SUCCESSFUL', transaction: t.id });
  });

  api.post('/payment/transactions/:id/complete-online', (c) => {
    const t = ownTransaction(c);
    if (!t) return problem(c, 404, 'not_found', 'No such transaction in this space.');
    if (t.state !== 'AUTHORIZED') return problem(c, 409, 'invalid_state', `A ${t.state} transaction cannot be completed.`);
    t.state = 'FULFILL';
    return c.json({ id: state.newId(), state: 'SUCCESSFUL', transaction: t.id });
  });

  api.post('/payment/refunds', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const externalId = typeof body?.externalId === 'string' ? body.externalId : '';
    if (!body || externalId.length < 1 || externalId.length > 100) return problem(c, 422, 'invalid', 'externalId is required.', { externalId: '1–100 characters' });
    const earlier = state.refunds.find((r) => r.externalId === externalId && r.spaceId === c.get('space').spaceId);
    // The platform's idempotency (spec §8): the same externalId answers the first refund again.
    if (earlier) return c.json(earlier);
    const t = state.transactions.get(Number(body.transaction));
    if (!t || t.spaceId !== c.get('space').spaceId) return problem(c, 404, 'not_found', 'No such transaction in this space.');
    const amount = minor(body.amount, t.currency);
    if (t.state !== 'FULFILL') return problem(c, 409, 'invalid_state', `A ${t.state} transaction cannot be refunded.`);
    if (amount === null || amount <= 0 || amount > t.amount - t.refunded) {
      return problem(c, 422, 'invalid', 'The amount exceeds what can be refunded.', { amount: `at most ${t.amount - t.refunded} minor units` });
    }
    t.refunded += amount;
    const refund = { id: state.newId(), spaceId: t.spaceId, transactionId: t.id, externalId, amount, state: 'SUCCESSFUL' as const };
    state.refunds.push(refund);
    sendWebhooks(state, options.notifier, options.key, t.webhookUrl, [{ entity: 'Refund', entityId: refund.id, spaceId: t.spaceId, state: 'SUCCESSFUL' }], 'once');
    return c.json({ ...refund, amount: Number(body.amount) });
  });

  api.get('/payment/refunds/search', (c) => {
    const externalId = queried(c.req.query('query'), 'externalId');
    if (externalId === null) return problem(c, 400, 'invalid_query', 'The sandbox understands externalId:"…" only.');
    return c.json({ data: state.refunds.filter((r) => r.externalId === externalId && r.spaceId === c.get('space').spaceId), offset: 0, limit: 100, hasMore: false });
  });

  return api;
}
