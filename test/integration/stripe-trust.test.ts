// What Stripe answered is trusted only when it fits: a session that comes back with
// livemode true on a sandbox (test-mode) service is never booked and goes to a bookkeeper;
// a session create whose answer was lost is found again under the same idempotency key,
// so the payer's money is booked and no second session is made.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentAttempts } from '../../src/db/schema.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { createTestApp, later, requestUrl, rewriteAnswers } from '../helpers/app.js';
import { choose, pay, returnTo, stripeInvoice } from '../helpers/stripe-payer.js';

describe('trusting what Stripe answered', () => {
  it('never books a session of the other mode (livemode true on a test-mode service)', async () => {
    let flip = false;
    const test = await createTestApp({}, { tamper: rewriteAnswers('', (body) => body.replaceAll('"livemode":false', '"livemode":true'), () => flip) });
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    flip = true;
    const back = await pay(test, pageUrl, 'never');
    await returnTo(test, back);
    const [attempt] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, flow.invoiceId));
    expect(attempt).toMatchObject({ state: 'failed', failureCode: 'LIVEMODE_MISMATCH' });
    expect(await flow.payments()).toHaveLength(0);
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect((invoice as unknown as { flagReason: string | null }).flagReason).toContain('livemode true');
  });

  it('finds the session again under the same idempotency key when the process stopped before the create answer was kept', async () => {
    let lose = true;
    let creates = 0;
    let lostSession = '';
    const test = await createTestApp({}, {
      tamper: async (url, forward) => {
        if (!url.pathname.endsWith('/v1/checkout/sessions')) return forward();
        creates++;
        const response = await forward();
        if (!lose) return response;
        lostSession ||= (JSON.parse(await response.clone().text()) as { id: string }).id;
        throw new TypeError('fetch failed: connection reset');
      },
    });
    const flow = await stripeInvoice(test);
    const html = await (await requestUrl(test, `${flow.payPath}?lang=en`)).text();
    const option = /name="option" value="([^"]+:CARD)"/.exec(html)![1]!;
    const pressed = await requestUrl(test, `${flow.payPath}/attempts?lang=en`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ option }).toString(),
    });
    expect(pressed.status).not.toBe(303);
    // Stripe made the session; its answer never came back.
    expect(lostSession).toMatch(/^cs_test_/);
    const [attempt] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, flow.invoiceId));
    expect(attempt!.providerToken).toBeNull();
    // As if the process had stopped right after sending: the attempt is still open, with no session id.
    await test.deps.db.update(paymentAttempts).set({ state: 'initiated', failureReason: null, failureCode: null }).where(eq(paymentAttempts.id, attempt!.id));
    lose = false;
    const before = creates;
    await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    expect(creates - before).toBe(1);
    const [found] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt!.id));
    // The same request under the same key: Stripe answered the session it made then, no second one.
    expect(found!.providerToken).toBe(lostSession);
    expect(found!.state).toBe('initiated');
    await returnTo(test, await pay(test, found!.redirectUrl!, 'never'));
    expect((await flow.invoice()).status).toBe('paid');
  });
});
