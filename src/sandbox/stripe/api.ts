// The simulated Stripe API (spec §1–§8, §10, §11): the endpoints this service calls, with
// Stripe's checks and error shapes. The secret key names the account and its mode; an
// unknown key gets 401. POSTs are form-encoded with bracket notation, replayed by
// idempotency key (the same key with other parameters is an idempotency_error), and
// `expand[]` works on the paths Stripe allows.
import { Hono, type Context } from 'hono';
import type { SandboxNotifier } from '../saferpay/page.js';
import { expandsOf, formInteger, parseStripeForm } from './form.js';
import { publicView, refund } from './objects.js';
import type { SandboxStripeAccount, StripeSandboxState } from './state.js';
import { sendStripeEvents } from './webhooks.js';

type Env = { Variables: { account: SandboxStripeAccount } };
type Json = Record<string, unknown>;
type ErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error';

export const stripeError = (c: Context, status: 400 | 401 | 402 | 403 | 404, type: ErrorType, message: string, extra: Json = {}) =>
  c.json({ error: { type, message, ...extra } }, status);

const allowedTypes = ['card', 'twint'];
const capabilityOfType: Record<string, string> = { card: 'card_payments', twint: 'twint_payments' };

export function stripeSandboxApi(options: { state: StripeSandboxState; pageBaseUrl: string; notifier: SandboxNotifier; now: () => Date }) {
  const { state, now } = options;
  const api = new Hono<Env>();
  const seconds = () => Math.floor(now().getTime() / 1000);

  const lookUp = (id: string): Json | undefined =>
    id.startsWith('pi_') ? state.intents.get(id) : id.startsWith('ch_') ? state.charges.get(id) : id.startsWith('txn_') ? state.balance.get(id) : undefined;

  /** The object with each `expand[]` path's ids replaced by their objects. */
  function expanded(object: Json, paths: string[]): Json {
    const copy = publicView(structuredClone(object));
    for (const path of paths) {
      let node: Json | undefined = copy;
      for (const field of path.split('.')) {
        const value: unknown = node?.[field];
        if (typeof value === 'string' && lookUp(value)) {
          node![field] = publicView(structuredClone(lookUp(value)!));
        }
        node = node?.[field] as Json | undefined;
      }
    }
    return copy;
  }

  api.use('*', async (c, next) => {
    const key = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
    const account = state.accountOfKey(key);
    if (!account) return stripeError(c, 401, 'invalid_request_error', `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, Math.min(key.length - 12, 20)))}${key.slice(-4)}`);
    c.set('account', account);
    await next();
  });

  /** POST bodies, form-encoded; replayed under their idempotency key. */
  async function idempotent(c: Context<Env>, handle: (fields: Json) => Promise<Response> | Response): Promise<Response> {
    const raw = await c.req.text();
    const fields = parseStripeForm(new URLSearchParams(raw));
    // The same parameters; whether Stripe minds their order is UNCONFIRMED, the simulator does not.
    const params = [...new URLSearchParams(raw)].map(([k, v]) => `${k}=${v}`).sort().join('&');
    const key = c.req.header('Idempotency-Key');
    if (!key) return handle(fields);
    const slot = `${c.get('account').id}:${c.req.path}:${key}`;
    const seen = state.idempotent.get(slot);
    if (seen) {
      if (seen.params !== params) return stripeError(c, 400, 'idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`);
      return c.json(seen.body as Json, seen.status as 200, { 'Idempotent-Replayed': 'true' });
    }
    const response = await handle(fields);
    // Validation failures are not stored (spec §11); what executed is.
    if (response.status < 400 || response.status >= 500) state.idempotent.set(slot, { params, status: response.status, body: await response.clone().json() });
    return response;
  }

  api.get('/v1/account', (c) => {
    const a = c.get('account');
    return c.json({
      id: a.id,
      object: 'account',
      charges_enabled: a.chargesEnabled,
      payouts_enabled: a.payoutsEnabled,
      country: 'CH',
      default_currency: 'chf',
      capabilities: a.capabilities,
      external_accounts: { object: 'list', data: a.bankAccount ? [{ id: 'ba_1Sandbox', object: 'bank_account', country: 'CH', currency: 'chf', last4: '0000' }] : [], has_more: false },
      settings: { dashboard: { display_name: a.displayName }, payouts: { schedule: a.payoutSchedule } },
    });
  });

  api.post('/v1/checkout/sessions', (c) =>
    idempotent(c, (f) => {
      const a = c.get('account');
      if ('payment_method_types' in f) {
        // Removed with API 2026-09-30 (spec §1); whether Stripe refuses it is UNCONFIRMED, the simulator does.
        return stripeError(c, 400, 'invalid_request_error', 'Received unknown parameter: payment_method_types. Use allowed_payment_method_types.', { param: 'payment_method_types' });
      }
      if (f.mode !== 'payment') return stripeError(c, 400, 'invalid_request_error', 'Only mode=payment is simulated.', { param: 'mode' });
      const items = Array.isArray(f.line_items) ? (f.line_items as Json[]) : [];
      const currencies = new Set(items.map((i) => (i.price_data as Json | undefined)?.currency));
      const currency = [...currencies][0];
      if (items.length === 0 || currencies.size !== 1 || typeof currency !== 'string' || !/^[a-z]{3}$/.test(currency)) {
        return stripeError(c, 400, 'invalid_request_error', 'line_items need one lowercase currency.', { param: 'line_items' });
      }
      let total = 0;
      for (const [index, item] of items.entries()) {
        const unit = formInteger((item.price_data as Json).unit_amount);
        const quantity = formInteger(item.quantity);
        if (unit === null || unit < 1 || quantity === null || quantity < 1) return stripeError(c, 400, 'invalid_request_error', 'Invalid integer.', { param: `line_items[${index}][price_data][unit_amount]` });
        total += unit * quantity;
      }
      const types = Array.isArray(f.allowed_payment_method_types) ? (f.allowed_payment_method_types as string[]) : ['card'];
      const refused = types.find((t) => !allowedTypes.includes(t) || a.capabilities[capabilityOfType[t]!] !== 'active' || (t === 'twint' && currency !== 'chf'));
      if (refused) return stripeError(c, 400, 'invalid_request_error', `The payment method type "${refused}" is not activated for this account or not available for ${currency}.`, { param: 'allowed_payment_method_types' });
      const expiresAt = formInteger(f.expires_at) ?? seconds() + 86_400;
      if (expiresAt < seconds() + 1_800 - 60 || expiresAt > seconds() + 86_400) return stripeError(c, 400, 'invalid_request_error', 'expires_at must be between 30 minutes and 24 hours from now.', { param: 'expires_at' });
      if (typeof f.client_reference_id === 'string' && f.client_reference_id.length > 200) return stripeError(c, 400, 'invalid_request_error', 'client_reference_id is too long.', { param: 'client_reference_id' });
      if (typeof f.success_url !== 'string' || !URL.canParse(f.success_url.replace('{CHECKOUT_SESSION_ID}', 'x'))) return stripeError(c, 400, 'invalid_request_error', 'Not a valid URL', { param: 'success_url' });
      const id = state.newId('cs', a.livemode);
      const session = {
        id,
        object: 'checkout.session',
        account: a.id,
        mode: 'payment',
        status: 'open' as const,
        payment_status: 'unpaid' as const,
        livemode: a.livemode,
        amount_subtotal: total,
        amount_total: total,
        currency,
        client_reference_id: (f.client_reference_id as string | undefined) ?? null,
        customer_email: (f.customer_email as string | undefined) ?? null,
        metadata: (f.metadata as Json | undefined) ?? {},
        locale: (f.locale as string | undefined) ?? 'auto',
        allowed_payment_method_types: types,
        payment_method_types: types,
        payment_intent: null,
        success_url: f.success_url,
        cancel_url: (f.cancel_url as string | undefined) ?? null,
        expires_at: expiresAt,
        created: seconds(),
        url: `${options.pageBaseUrl}/pay/${id}`,
        line_items_count: items.length,
        _intentData: f.payment_intent_data ?? {},
      };
      state.sessions.set(id, session);
      return c.json(publicView(session));
    }),
  );

  /** A session of this account, expired once its time is up (Stripe expires it itself). */
  const sessionOf = (c: Context<Env>) => {
    const session = state.sessions.get(c.req.param('id') ?? '');
    if (!session || session.account !== c.get('account').id) return null;
    if (session.status === 'open' && session.expires_at <= seconds()) session.status = 'expired';
    return session;
  };
  const missing = (c: Context, what: string) => stripeError(c, 404, 'invalid_request_error', `No such ${what}: '${c.req.param('id')}'`, { code: 'resource_missing', param: 'id' });

  api.get('/v1/checkout/sessions/:id', (c) => {
    const session = sessionOf(c);
    if (!session) return missing(c, 'checkout.session');
    return c.json(expanded(session, expandsOf(parseStripeForm(new URL(c.req.url).searchParams))));
  });

  api.post('/v1/checkout/sessions/:id/expire', (c) =>
    idempotent(c, () => {
      const session = sessionOf(c);
      if (!session) return missing(c, 'checkout.session');
      if (session.status !== 'open') return stripeError(c, 400, 'invalid_request_error', `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
      session.status = 'expired';
      sendStripeEvents(state, options.notifier, now, c.get('account'), [{ type: 'checkout.session.expired', object: publicView(session) }], 'once');
      return c.json(publicView(session));
    }),
  );

  api.get('/v1/payment_intents/:id', (c) => {
    const pi = state.intents.get(c.req.param('id'));
    if (!pi || pi.account !== c.get('account').id) return missing(c, 'payment_intent');
    return c.json(expanded(pi, expandsOf(parseStripeForm(new URL(c.req.url).searchParams))));
  });

  api.post('/v1/refunds', (c) =>
    idempotent(c, (f) => {
      const a = c.get('account');
      const pi = typeof f.payment_intent === 'string' ? state.intents.get(f.payment_intent) : undefined;
      if (!pi || pi.account !== a.id) return stripeError(c, 400, 'invalid_request_error', `No such payment_intent: '${String(f.payment_intent)}'`, { code: 'resource_missing', param: 'payment_intent' });
      if (pi.status !== 'succeeded') return stripeError(c, 400, 'invalid_request_error', 'This PaymentIntent does not have a successful charge to refund.', { code: 'charge_not_refundable' });
      const charge = state.charges.get(pi.latest_charge as string)!;
      const left = (charge.amount as number) - (charge.amount_refunded as number);
      const amount = f.amount === undefined ? left : formInteger(f.amount);
      if (amount === null || amount < 1 || amount > left) {
        return stripeError(c, 400, 'invalid_request_error', `Refund amount (${String(f.amount)}) is greater than unrefunded amount on charge (${left}).`, { code: 'amount_too_large', param: 'amount' });
      }
      const re = refund(state, a, pi, amount, (f.metadata as Json | undefined) ?? {}, now);
      sendStripeEvents(state, options.notifier, now, a, [
        { type: 'refund.created', object: publicView(re) },
        ...(re.status === 'succeeded' ? [{ type: 'charge.refunded', object: publicView(charge) }] : []),
      ], 'once');
      return c.json(publicView(re));
    }),
  );

  api.get('/v1/refunds/:id', (c) => {
    const re = state.refunds.get(c.req.param('id'));
    if (!re || re.account !== c.get('account').id) return missing(c, 'refund');
    return c.json(publicView(re));
  });

  api.get('/v1/payouts', (c) => {
    const fields = parseStripeForm(new URL(c.req.url).searchParams);
    const since = formInteger((fields.created as Record<string, unknown> | undefined)?.gte) ?? 0;
    const all = [...state.payouts.values()]
      .filter((p) => p.account === c.get('account').id && (!fields.status || p.status === fields.status) && (p.created as number) >= since)
      .reverse();
    const after = typeof fields.starting_after === 'string' ? all.findIndex((p) => p.id === fields.starting_after) + 1 : 0;
    const limit = Math.min(Math.max(formInteger(fields.limit) ?? 10, 1), 100);
    return c.json({ object: 'list', url: '/v1/payouts', has_more: after + limit < all.length, data: all.slice(after, after + limit).map(publicView) });
  });

  api.get('/v1/payouts/:id', (c) => {
    const po = state.payouts.get(c.req.param('id'));
    if (!po || po.account !== c.get('account').id) return missing(c, 'payout');
    return c.json(publicView(po));
  });

  api.get('/v1/balance_transactions/:id', (c) => {
    const t = state.balance.get(c.req.param('id'));
    if (!t || t.account !== c.get('account').id) return missing(c, 'balance_transaction');
    return c.json(publicView(t));
  });

  api.get('/v1/balance_transactions', (c) => {
    const query = new URL(c.req.url).searchParams;
    const payoutId = query.get('payout');
    const limit = Math.min(Math.max(Number(query.get('limit') ?? 10) || 10, 1), 100);
    const all = [...state.balance.values()].filter((t) => t.account === c.get('account').id && (!payoutId || t._payout === payoutId)).reverse();
    const after = query.get('starting_after');
    const from = after ? all.findIndex((t) => t.id === after) + 1 : 0;
    const page = all.slice(from, from + limit);
    return c.json({ object: 'list', url: '/v1/balance_transactions', has_more: from + limit < all.length, data: page.map(publicView) });
  });

  api.all('*', (c) => stripeError(c, 404, 'invalid_request_error', `Unrecognized request URL (${c.req.method}: ${c.req.path}).`));

  return api;
}
