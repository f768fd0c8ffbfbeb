// The simulated Saferpay payment page: the payer (a person or a test) picks card or TWINT
// and an outcome; the page then sends the browser back to the ReturnUrl and calls the
// notify URL by GET, as Saferpay does, optionally late, twice or not at all.
import { Hono } from 'hono';
import { formatMoney } from '../../i18n.js';
import type { SaferpaySandboxState, NotifyMode, SandboxPayment } from './state.js';
import { OutcomeButtons, SandboxPage } from '../page-parts.js';

export interface SandboxNotifier {
  fetch: typeof fetch;
  /** Runs a task later, outside the request (the Node server uses a timer). */
  defer: (task: () => Promise<void>, delayMs: number) => void;
  lateNotifyMs: number;
}

const outcomes = { approve: 'Approve', decline: 'Decline', abort: 'Abort', pending: 'Leave pending' } as const;
type Outcome = keyof typeof outcomes;

function brandsFor(payment: SandboxPayment): string[] {
  const brands = new Set<string>();
  for (const method of payment.methods) {
    if (method === 'CARD') ['VISA', 'MASTERCARD'].forEach((b) => brands.add(b));
    else if (['VISA', 'MASTERCARD', 'TWINT'].includes(method)) brands.add(method);
  }
  return [...brands];
}

/** Saferpay calls the notify URL up to three times until it answers 200. */
export async function callNotify(notifier: SandboxNotifier, url: string | null): Promise<void> {
  if (!url) return;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const response = await notifier.fetch(url, { method: 'GET' });
      if (response.status === 200) return;
    } catch {
      // unreachable: try again
    }
  }
}

export function scheduleNotify(notifier: SandboxNotifier, url: string | null, mode: NotifyMode) {
  if (mode === 'none') return;
  const delay = mode === 'late' ? notifier.lateNotifyMs : 0;
  notifier.defer(() => callNotify(notifier, url), delay);
  if (mode === 'twice') notifier.defer(() => callNotify(notifier, url), delay);
}

function Page({ title, children }: { title: string; children: unknown }) {
  return <SandboxPage title={title} banner="Saferpay SANDBOX – simulated, no money moves" bannerStyle="background:#c00;color:#fff">{children}</SandboxPage>;
}

export function saferpaySandboxPage(state: SaferpaySandboxState, notifier: SandboxNotifier, now: () => Date) {
  const page = new Hono();

  page.get('/vt2/api/PaymentPage/:customerId/:terminalId/:token', (c) => {
    const payment = state.payments.get(c.req.param('token'));
    if (!payment || payment.customerId !== c.req.param('customerId') || now().getTime() > payment.expiresAt) {
      return c.html(<Page title="Saferpay">
        <h1>This payment page is not valid</h1>
      </Page>, 404);
    }
    if (payment.state !== 'page_open') {
      return c.html(<Page title="Saferpay">
        <h1>This payment page was used already</h1>
        <a href={payment.returnUrl}>Back to the shop</a>
      </Page>, 410);
    }
    const amount = formatMoney(payment.amount, payment.currency);
    return c.html(
      <Page title="Saferpay – pay">
        <h1 style="font-size:1.3rem">{payment.description}</h1>
        <p style="font-size:1.6rem;font-weight:bold">{amount}</p>
        <form method="post">
          <fieldset>
            <legend>Payment method</legend>
            {brandsFor(payment).map((brand, index) => (
              <label style="display:block;padding:.4rem 0">
                <input type="radio" name="method" value={brand} checked={index === 0} /> {brand}
              </label>
            ))}
          </fieldset>
          <label style="display:block;margin:.75rem 0">
            Notification{' '}
            <select name="notify">
              <option value="normal">normal</option>
              <option value="late">late</option>
              <option value="twice">twice</option>
              <option value="none">none</option>
            </select>
          </label>
          <OutcomeButtons outcomes={outcomes} />
        </form>
      </Page>,
    );
  });

  page.post('/vt2/api/PaymentPage/:customerId/:terminalId/:token', async (c) => {
    const payment = state.payments.get(c.req.param('token'));
    if (!payment || payment.state !== 'page_open' || now().getTime() > payment.expiresAt) {
      return c.html(<Page title="Saferpay"><h1>This payment page is not valid any more</h1></Page>, 410);
    }
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, string | File>);
    const outcome = String(form.outcome ?? '') as Outcome;
    const method = String(form.method ?? '');
    const notify = (['normal', 'late', 'twice', 'none'].includes(String(form.notify)) ? String(form.notify) : 'normal') as NotifyMode;
    if (!(outcome in outcomes) || !brandsFor(payment).includes(method)) {
      return c.html(<Page title="Saferpay"><h1>Choose a payment method and an outcome</h1></Page>, 400);
    }
    payment.brand = method;
    payment.state = outcome === 'approve' ? 'AUTHORIZED' : outcome === 'pending' ? 'PENDING' : outcome === 'decline' ? 'declined' : 'aborted';
    const success = outcome === 'approve' || outcome === 'pending';
    scheduleNotify(notifier, success ? payment.successNotifyUrl : payment.failNotifyUrl, notify);
    return c.redirect(payment.returnUrl, 303);
  });

  /** A switch for tests and demos: settles a PENDING payment as the acquirer later would. */
  page.post('/test/payments/:token/resolve', async (c) => {
    const payment = state.payments.get(c.req.param('token'));
    if (!payment || payment.state !== 'PENDING') return c.json({ error: 'no pending payment with this token' }, 404);
    const body = (await c.req.json().catch(() => ({}))) as { outcome?: string };
    payment.state = body.outcome === 'decline' ? 'declined' : 'AUTHORIZED';
    scheduleNotify(notifier, payment.state === 'AUTHORIZED' ? payment.successNotifyUrl : payment.failNotifyUrl, 'normal');
    return c.json({ state: payment.state });
  });

  return page;
}
