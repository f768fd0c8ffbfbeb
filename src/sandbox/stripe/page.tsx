// The simulated hosted Checkout page (spec §2): the payer picks card or TWINT (as the session
// allows) and an outcome; approve goes to the success URL with the session id, cancel to
// the cancel URL, decline stays on the page as at Stripe (the payer may try again), and
// "processing" completes the session unpaid, as a delayed method does. Webhooks go out as
// chosen. Test switches move things on as Stripe later would.
import { Hono } from 'hono';
import { formatMoney } from '../../i18n.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { OutcomeButtons, SandboxPage } from '../page-parts.js';
import { type PayOutcome, pay, payout, publicView, settleRefund, succeed } from './objects.js';
import type { StripeSandboxState, WebhookMode } from './state.js';
import { sendStripeEvents } from './webhooks.js';

const outcomes = { approve: 'Pay', decline: 'Decline', processing: 'Processing (delayed method)', cancel: 'Cancel and go back' } as const;
type Outcome = keyof typeof outcomes;
const webhookModes: WebhookMode[] = ['once', 'twice', 'late', 'out_of_order', 'never'];
const methodNames: Record<string, string> = { card: 'Card', twint: 'TWINT' };

function Page({ title, children }: { title: string; children: unknown }) {
  return <SandboxPage title={title} banner="Stripe SANDBOX – simulated, no money moves" bannerStyle="background:#635bff;color:#fff">{children}</SandboxPage>;
}

export function stripeSandboxPage(state: StripeSandboxState, notifier: SandboxNotifier, now: () => Date) {
  const page = new Hono();
  const seconds = () => Math.floor(now().getTime() / 1000);
  const openSession = (id: string) => {
    const session = state.sessions.get(id);
    if (session && session.status === 'open' && session.expires_at <= seconds()) session.status = 'expired';
    return session ?? null;
  };

  const form = (session: NonNullable<ReturnType<typeof openSession>>, message?: string) => (
    <Page title="Stripe Checkout – pay">
      <h1 style="font-size:1.3rem">{String((session.metadata as Record<string, string>).paymentReference ?? session.client_reference_id ?? '')}</h1>
      <p style="font-size:1.6rem;font-weight:bold">{formatMoney(session.amount_total as number, String(session.currency).toUpperCase())}</p>
      {message ? <p role="alert" style="color:#b00020">{message}</p> : null}
      <form method="post">
        <fieldset>
          <legend>Payment method</legend>
          {(session.allowed_payment_method_types as string[]).map((type, index) => (
            <label style="display:block;padding:.4rem 0">
              <input type="radio" name="method" value={type} checked={index === 0} /> {methodNames[type] ?? type}
            </label>
          ))}
        </fieldset>
        <label style="display:block;margin:.75rem 0">
          Webhooks{' '}
          <select name="webhooks">
            {webhookModes.map((mode) => (
              <option value={mode}>{mode.replace('_', ' ')}</option>
            ))}
          </select>
        </label>
        <OutcomeButtons outcomes={outcomes} />
      </form>
    </Page>
  );

  page.get('/pay/:id', (c) => {
    const session = openSession(c.req.param('id'));
    if (!session) return c.html(<Page title="Stripe Checkout"><h1>This payment page does not exist</h1></Page>, 404);
    if (session.status !== 'open') return c.html(<Page title="Stripe Checkout"><h1>This payment page is no longer available ({session.status})</h1></Page>, 410);
    return c.html(form(session));
  });

  page.post('/pay/:id', async (c) => {
    const session = openSession(c.req.param('id'));
    if (!session || session.status !== 'open') return c.html(<Page title="Stripe Checkout"><h1>This payment page is no longer available</h1></Page>, 410);
    const fields = await c.req.parseBody().catch(() => ({}) as Record<string, string | File>);
    const outcome = String(fields.outcome ?? '') as Outcome;
    const mode = String(fields.webhooks ?? 'once') as WebhookMode;
    const method = String(fields.method ?? '');
    if (!(outcome in outcomes) || !webhookModes.includes(mode) || !(session.allowed_payment_method_types as string[]).includes(method)) {
      return c.html(<Page title="Stripe Checkout"><h1>Choose a payment method, an outcome and a webhook mode</h1></Page>, 400);
    }
    if (outcome === 'cancel') return c.redirect(session.cancel_url as string, 303);
    const account = state.account(session.account)!;
    const events = pay(state, account, session, method, outcome as PayOutcome, now);
    sendStripeEvents(state, notifier, now, account, events, mode);
    if (outcome === 'decline') return c.html(form(session, (state.intents.get(session.payment_intent!)!.last_payment_error as { message: string }).message), 402);
    return c.redirect((session.success_url as string).replace('{CHECKOUT_SESSION_ID}', session.id), 303);
  });

  const body = async (c: { req: { json: () => Promise<unknown> } }) => ((await c.req.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
  const modeOf = (value: unknown): WebhookMode => (webhookModes.includes(value as WebhookMode) ? (value as WebhookMode) : 'once');

  /** As the Dashboard's webhook endpoint: where the account's events go from now on. */
  page.put('/test/accounts/:id/webhook-url', async (c) => {
    const url = (await body(c)).url;
    if (!state.account(c.req.param('id')) || typeof url !== 'string' || !URL.canParse(url)) return c.json({ error: 'unknown account or bad url' }, 404);
    state.webhookUrls.set(c.req.param('id'), url);
    return c.json({ url });
  });

  /** The session runs out (Stripe's own expiry, brought forward). */
  page.post('/test/sessions/:id/expire', async (c) => {
    const session = openSession(c.req.param('id'));
    if (!session || session.status !== 'open') return c.json({ error: 'no open session' }, 404);
    session.status = 'expired';
    sendStripeEvents(state, notifier, now, state.account(session.account)!, [{ type: 'checkout.session.expired', object: publicView(session) }], modeOf((await body(c)).webhooks));
    return c.json({ status: session.status });
  });

  /** A delayed method ends: `succeeded` or `failed`. */
  page.post('/test/sessions/:id/async', async (c) => {
    const session = state.sessions.get(c.req.param('id'));
    const pi = session?.payment_intent ? state.intents.get(session.payment_intent) : undefined;
    const input = await body(c);
    if (!session || !pi || pi.status !== 'processing') return c.json({ error: 'no processing payment' }, 404);
    const account = state.account(session.account)!;
    if (input.outcome === 'succeeded') succeed(state, account, session, pi, (pi.payment_method_types as string[])[0] ?? 'card', now);
    else {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { type: 'card_error', code: 'payment_method_provider_decline', message: 'The payment was declined after processing.' };
    }
    const type = input.outcome === 'succeeded' ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed';
    sendStripeEvents(state, notifier, now, account, [{ type, object: publicView(session) }], modeOf(input.webhooks));
    return c.json({ status: pi.status });
  });

  /** A pending refund ends at the processor. */
  page.post('/test/refunds/:id', async (c) => {
    const re = state.refunds.get(c.req.param('id'));
    const input = await body(c);
    if (!re || re.status !== 'pending' || !['succeeded', 'failed'].includes(String(input.status))) return c.json({ error: 'no pending refund or bad status' }, 404);
    const events = settleRefund(state, re, input.status as 'succeeded' | 'failed', typeof input.failure_reason === 'string' ? input.failure_reason : null, now);
    sendStripeEvents(state, notifier, now, state.account(re.account as string)!, events, modeOf(input.webhooks));
    return c.json({ status: re.status });
  });

  /** An automatic payout of the named charges (or all not yet paid out) in a currency. */
  page.post('/test/accounts/:id/payouts', async (c) => {
    const account = state.account(c.req.param('id'));
    const input = await body(c);
    const charges = Array.isArray(input.charges) ? input.charges.map(String) : null;
    const po = account ? payout(state, account, String(input.currency ?? 'chf'), charges, now) : null;
    if (!account || !po) return c.json({ error: 'unknown account or nothing to pay out' }, 404);
    sendStripeEvents(state, notifier, now, account, [{ type: 'payout.paid', object: publicView(po) }], modeOf(input.webhooks));
    return c.json(publicView(po));
  });

  return page;
}
