// The simulated hosted payment page (spec §5): the payer picks one of the methods the
// transaction allows and an outcome; the page sends the browser to successUrl or failedUrl
// and the webhooks as chosen. Test switches move a transaction on as the processor later
// would, and register a space's webhook URL.
import { Hono } from 'hono';
import { formatMoney } from '../../i18n.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { OutcomeButtons, SandboxPage } from '../page-parts.js';
import type { CheckoutSandboxState, SandboxTransaction, TransactionState, WebhookMode } from './state.js';
import { type SigningKey, sendWebhooks } from './webhooks.js';

const outcomes = { approve: 'Approve', authorize: 'Authorise only', decline: 'Decline', cancel: 'Cancel', pending: 'Leave pending' } as const;
type Outcome = keyof typeof outcomes;
const webhookModes: WebhookMode[] = ['once', 'twice', 'late', 'out_of_order', 'never'];

/** The states each outcome passes through, each with a webhook, and where the payer goes. */
const paths: Record<Outcome, { states: TransactionState[]; failure: string | null; success: boolean }> = {
  approve: { states: ['AUTHORIZED', 'COMPLETED', 'FULFILL'], failure: null, success: true },
  authorize: { states: ['AUTHORIZED'], failure: null, success: true },
  decline: { states: ['FAILED'], failure: 'The card was declined by the issuer.', success: false },
  cancel: { states: ['FAILED'], failure: 'The payer cancelled the payment.', success: false },
  pending: { states: ['PROCESSING'], failure: null, success: true },
};

function Page({ title, children }: { title: string; children: unknown }) {
  return <SandboxPage title={title} banner="PostFinance Checkout SANDBOX – simulated, no money moves" bannerStyle="background:#ffcc00;color:#000">{children}</SandboxPage>;
}

export function checkoutSandboxPage(state: CheckoutSandboxState, notifier: SandboxNotifier, key: Promise<SigningKey>) {
  const page = new Hono();

  const open = (spaceId: string, id: string, token: string | undefined) => {
    const t = state.transactions.get(Number(id));
    return t && t.spaceId === spaceId && t.securityToken === token ? t : null;
  };
  const methodsOf = (t: SandboxTransaction) =>
    (state.space(t.spaceId)?.methodConfigurations ?? []).filter((m) => t.allowed.includes(m.id) && m.currencies.includes(t.currency));

  page.get('/s/:spaceId/payment/transaction/pay/:id', (c) => {
    const t = open(c.req.param('spaceId'), c.req.param('id'), c.req.query('securityToken'));
    if (!t) return c.html(<Page title="PostFinance Checkout"><h1>This payment is not valid</h1></Page>, 404);
    if (t.state !== 'PENDING') return c.html(<Page title="PostFinance Checkout"><h1>This payment was made already</h1></Page>, 410);
    const methods = methodsOf(t);
    return c.html(
      <Page title="PostFinance Checkout – pay">
        <h1 style="font-size:1.3rem">{t.merchantReference}</h1>
        <p style="font-size:1.6rem;font-weight:bold">{formatMoney(t.amount, t.currency)}</p>
        <form method="post">
          <fieldset>
            <legend>Payment method</legend>
            {methods.map((m, index) => (
              <label style="display:block;padding:.4rem 0">
                <input type="radio" name="method" value={String(m.id)} checked={index === 0} /> {m.name}
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
      </Page>,
    );
  });

  page.post('/s/:spaceId/payment/transaction/pay/:id', async (c) => {
    const t = open(c.req.param('spaceId'), c.req.param('id'), c.req.query('securityToken'));
    if (!t || t.state !== 'PENDING') return c.html(<Page title="PostFinance Checkout"><h1>This payment is not valid any more</h1></Page>, 410);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, string | File>);
    const outcome = String(form.outcome ?? '') as Outcome;
    const mode = String(form.webhooks ?? 'once') as WebhookMode;
    if (!(outcome in outcomes) || !webhookModes.includes(mode) || !methodsOf(t).some((m) => String(m.id) === String(form.method))) {
      return c.html(<Page title="PostFinance Checkout"><h1>Choose a payment method, an outcome and a webhook mode</h1></Page>, 400);
    }
    const path = paths[outcome];
    t.state = path.states.at(-1)!;
    t.failure = path.failure;
    t.version++;
    const events = path.states.map((s) => ({ entity: 'Transaction' as const, entityId: t.id, spaceId: t.spaceId, state: s }));
    sendWebhooks(state, notifier, key, t.webhookUrl, events, mode);
    return c.redirect(path.success ? t.successUrl : t.failedUrl, 303);
  });

  /** Moves a transaction on as the processor later would (PROCESSING → FULFILL, FULFILL → DECLINE). */
  page.post('/test/transactions/:id/state', async (c) => {
    const t = state.transactions.get(Number(c.req.param('id')));
    const body = (await c.req.json().catch(() => ({}))) as { state?: TransactionState; webhooks?: WebhookMode };
    const next = body.state;
    if (!t || !next || !['FULFILL', 'DECLINE', 'FAILED', 'AUTHORIZED', 'PROCESSING'].includes(next)) return c.json({ error: 'unknown transaction or state' }, 404);
    t.state = next;
    t.failure = next === 'FAILED' ? 'The processor declined the payment.' : null;
    t.version++;
    sendWebhooks(state, notifier, key, t.webhookUrl, [{ entity: 'Transaction', entityId: t.id, spaceId: t.spaceId, state: next }], body.webhooks ?? 'once');
    return c.json({ state: t.state });
  });

  /** As the portal's webhook URL setting: where the space's webhooks go from now on. */
  page.put('/test/spaces/:spaceId/webhook-url', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { url?: string };
    if (!state.space(c.req.param('spaceId')) || !body.url || !URL.canParse(body.url)) return c.json({ error: 'unknown space or bad url' }, 404);
    state.webhookUrls.set(c.req.param('spaceId'), body.url);
    return c.json({ url: body.url });
  });

  return page;
}
