// Paying an invoice through Stripe's Checkout on the sandbox: by card and by TWINT, booked
// once on 1029 from Stripe's record with its fee from the balance transaction; a decline
// keeps the invoice open; a session that expires is abandoned; a delayed method that
// succeeds or fails later; the session is created with the idempotency key of the attempt.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { paymentAttempts, providerEvents } from '../../src/db/schema.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { type TestApp, countCalls, createTestApp, later, requestUrl } from '../helpers/app.js';
import { expectInvariants } from '../helpers/invariants.js';
import { act, choose, pay, returnTo, sandboxSwitch, sessionIdOf, stripeInvoice } from '../helpers/stripe-payer.js';

let test: TestApp;
const creates = countCalls('/v1/checkout/sessions');
beforeAll(async () => {
  test = await createTestApp({}, { tamper: creates.tamper });
});

const attemptsOf = (invoiceId: string) => test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoiceId));

describe('paying by Stripe Checkout', () => {
  it('books a card payment once on 1029, and Stripe fee from the balance transaction on 6940', async () => {
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'CARD');
    expect(pageUrl).toMatch(/\/sandbox\/stripe\/pay\/cs_test_/);
    const back = await pay(test, pageUrl, 'never');
    // Stripe put the session id where we asked.
    expect(back).toContain(`session_id=${sessionIdOf(pageUrl)}`);
    const page = await returnTo(test, back);
    expect(page.status).toBe(200);
    const invoice = await flow.invoice();
    expect(invoice).toMatchObject({ status: 'paid', paidAmount: flow.total });
    const payments = await flow.payments();
    expect(payments).toHaveLength(1);
    expect(payments[0]!.lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ account: '1029', debit: flow.total }), expect.objectContaining({ account: '1100', credit: flow.total })]),
    );
    // 2.9 % + 30 Rappen of the amount, as the sandbox account's balance transaction says.
    const fee = Math.floor((flow.total * 290 + 5_000) / 10_000) + 30;
    const fees = await flow.entries('fee');
    expect(fees).toHaveLength(1);
    expect(fees[0]!.lines).toEqual(expect.arrayContaining([expect.objectContaining({ account: '6940', debit: fee }), expect.objectContaining({ account: '1029', credit: fee })]));
    // The payer's return again changes nothing.
    await returnTo(test, back);
    expect(await flow.payments()).toHaveLength(1);
    expect(await flow.entries('fee')).toHaveLength(1);
    await expectInvariants(test.deps.db, { tenantId: flow.tenant.tenantId });
  });

  it('sends the session with the payment reference, the attempt and an expiry, and reuses it on a second press', async () => {
    const flow = await stripeInvoice(test);
    const before = creates.calls();
    const first = await choose(test, flow.payPath, 'CARD');
    const second = await choose(test, flow.payPath, 'CARD');
    expect(second).toBe(first);
    expect(creates.calls() - before).toBe(1);
    const [attempt] = await attemptsOf(flow.invoiceId);
    const [request] = await test.deps.db.select().from(providerEvents).where(eq(providerEvents.reference, attempt!.id));
    expect(request!.kind).toBe('create:request');
    const sent = JSON.parse((request!.payload as { params: string }).params) as Record<string, unknown>;
    expect(sent).toMatchObject({
      mode: 'payment',
      client_reference_id: attempt!.id,
      allowed_payment_method_types: ['card'],
      metadata: { paymentReference: attempt!.orderId, attemptId: attempt!.id },
      line_items: [{ quantity: 1, price_data: { currency: 'chf', unit_amount: flow.total } }],
    });
    expect(sent.payment_method_types).toBeUndefined();
    expect(sent.success_url).toMatch(/\?session_id=\{CHECKOUT_SESSION_ID\}$/);
    expect(Number(sent.expires_at) * 1000).toBe(attempt!.expiresAt!.getTime());
  });

  it('books a TWINT payment, offered in CHF only', async () => {
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'TWINT');
    const html = await (await requestUrl(test, pageUrl)).text();
    expect(html).toContain('value="twint"');
    expect(html).not.toContain('value="card"');
    await returnTo(test, await pay(test, pageUrl, 'once', 'twint'));
    expect((await flow.invoice()).status).toBe('paid');
    const [attempt] = await attemptsOf(flow.invoiceId);
    expect(attempt).toMatchObject({ method: 'TWINT', state: 'captured', capturedAmount: flow.total });
  });

  it('keeps the invoice open after a decline; the payer who gives up gets the session expired and the reason', async () => {
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'CARD');
    const declined = await act(test, pageUrl, 'decline', 'once');
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    await test.runDeferred();
    expect((await flow.invoice()).status).toBe('sent');
    const cancelled = await act(test, pageUrl, 'cancel');
    expect(cancelled.status).toBe(303);
    await returnTo(test, cancelled.headers.get('Location')!);
    const [attempt] = await attemptsOf(flow.invoiceId);
    expect(attempt).toMatchObject({ state: 'failed', failureCode: 'DECLINED', payerMessage: 'Your card was declined.' });
    // Expired at Stripe: the old page takes no payment any more.
    expect((await requestUrl(test, pageUrl)).status).toBe(410);
    expect(await flow.payments()).toHaveLength(0);
  });

  it('abandons an attempt whose session expired, on the webhook', async () => {
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'CARD');
    await sandboxSwitch(test, `sessions/${sessionIdOf(pageUrl)}/expire`, { webhooks: 'once' });
    await test.runDeferred();
    const [attempt] = await attemptsOf(flow.invoiceId);
    expect(attempt).toMatchObject({ state: 'abandoned', failureCode: 'EXPIRED' });
    expect((await flow.invoice()).status).toBe('sent');
  });

  it('waits for a delayed payment, then books it when it succeeds, or fails it when it does not', async () => {
    for (const outcome of ['succeeded', 'failed'] as const) {
      const flow = await stripeInvoice(test);
      const pageUrl = await choose(test, flow.payPath, 'CARD');
      const processing = await act(test, pageUrl, 'processing', 'once');
      await returnTo(test, processing.headers.get('Location')!);
      await test.runDeferred();
      expect((await attemptsOf(flow.invoiceId))[0]!.state).toBe('initiated');
      await sandboxSwitch(test, `sessions/${sessionIdOf(pageUrl)}/async`, { outcome, webhooks: 'once' });
      await test.runDeferred();
      const [attempt] = await attemptsOf(flow.invoiceId);
      expect(attempt!.state, outcome).toBe(outcome === 'succeeded' ? 'captured' : 'failed');
      expect((await flow.invoice()).status).toBe(outcome === 'succeeded' ? 'paid' : 'sent');
    }
  });

  it('the job heals a payment whose webhooks never came and whose payer never came back', async () => {
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'CARD');
    await pay(test, pageUrl, 'never');
    expect((await flow.invoice()).status).toBe('sent');
    await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    expect((await flow.invoice()).status).toBe('paid');
    expect(await flow.payments()).toHaveLength(1);
    expect(await flow.entries('fee')).toHaveLength(1);
  });
});
