// Refunds through Stripe: a part and then the rest, each booked debit 1100 / credit 1029;
// a refund whose answer was lost stays pending and the job books the one refund Stripe
// made (the same idempotency key finds it); a pending TWINT refund is resolved by the job;
// one that fails at Stripe is released with Stripe's reason and can be made again.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { refunds } from '../../src/db/schema.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { type TestApp, createTestApp, later } from '../helpers/app.js';
import { expectInvariants } from '../helpers/invariants.js';
import { choose, pay, returnTo, sandboxSwitch, stripeInvoice } from '../helpers/stripe-payer.js';

interface Payment {
  id: string;
  state: string;
  refundedAmount: number;
  refunds: { id: string; state: string; amount: number; failureReason: string | null }[];
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function paidInvoice(app: TestApp, method: 'card' | 'twint' = 'card') {
  const flow = await stripeInvoice(app);
  await returnTo(app, await pay(app, await choose(app, flow.payPath, method === 'card' ? 'CARD' : 'TWINT'), 'never', method));
  const [payment] = (await flow.accountant.get<{ items: Payment[] }>(`/api/v1/payments?invoiceId=${flow.invoiceId}`)).body.items;
  const get = async () => (await flow.accountant.get<Payment>(`/api/v1/payments/${payment!.id}`)).body;
  const refund = (amount?: number) => flow.accountant.post<Payment>(`/api/v1/payments/${payment!.id}/refund`, amount === undefined ? undefined : { amount });
  const refundEntries = async () =>
    (await flow.admin.get<{ items: { lines: { account: string; debit: number; credit: number }[] }[] }>('/api/v1/journal/entries?source=refund')).body.items;
  return { ...flow, paymentId: payment!.id, get, refund, refundEntries };
}

/** Stripe's id of our refund (re_…), kept on the refund row. */
async function stripeIdOf(app: TestApp, refundId: string) {
  const [row] = await app.deps.db.select({ id: refunds.providerTransactionId }).from(refunds).where(eq(refunds.id, refundId));
  expect(row?.id).toMatch(/^re_/);
  return row!.id!;
}

describe('refunds through Stripe', () => {
  it('refunds in part, then the rest, booking debit 1100 / credit 1029 each time', async () => {
    const flow = await paidInvoice(test);
    const part = await flow.refund(10000);
    expect(part.status, part.text).toBe(200);
    expect(await flow.invoice()).toMatchObject({ status: 'partially_paid', paidAmount: flow.total - 10000 });
    const rest = await flow.refund();
    expect(rest.status, rest.text).toBe(200);
    expect((await flow.get()).refunds.map((r) => [r.state, r.amount])).toEqual([
      ['captured', 10000],
      ['captured', flow.total - 10000],
    ]);
    expect((await flow.refundEntries()).map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [['1100', 10000, 0], ['1029', 0, 10000]],
      [['1100', flow.total - 10000, 0], ['1029', 0, flow.total - 10000]],
    ]);
    expect((await flow.invoice()).status).toBe('refunded');
    // Stripe has nothing left to refund: a third refund is refused before it leaves.
    expect((await flow.refund(100)).status).toBeGreaterThanOrEqual(400);
    await expectInvariants(test.database.db, { tenantId: flow.tenant.tenantId });
  });

  it('keeps a refund whose answer was lost pending, then books the one refund Stripe made', async () => {
    let lose = true;
    let reached = 0;
    const app = await createTestApp({}, {
      tamper: async (url, forward) => {
        if (!url.pathname.endsWith('/v1/refunds')) return forward();
        reached++;
        const response = await forward();
        if (lose) throw new TypeError('fetch failed: the answer timed out');
        return response;
      },
    });
    const flow = await paidInvoice(app);
    const first = await flow.refund();
    expect(first.status, first.text).toBe(202);
    expect(first.body.refunds.map((r) => r.state)).toEqual(['pending']);
    expect(await flow.refundEntries()).toHaveLength(0);
    expect((await flow.refund()).status).toBe(409);

    lose = false;
    const outcome = await reconcileOpenAttempts(later(app, 10), { tenantId: flow.tenant.tenantId });
    expect(outcome.refund_captured).toBe(1);
    // Sent again under the same idempotency key (the library resent it once more meanwhile): Stripe refunded once.
    expect(reached).toBeGreaterThanOrEqual(2);
    expect((await flow.refundEntries()).map((e) => e.lines[0]!.debit)).toEqual([flow.total]);
    expect(await flow.invoice()).toMatchObject({ status: 'refunded', paidAmount: 0 });
    await expectInvariants(app.database.db, { tenantId: flow.tenant.tenantId });
  });

  it('leaves a TWINT refund pending until Stripe settles it; the job then books it', async () => {
    const flow = await paidInvoice(test, 'twint');
    const pending = await flow.refund(5000);
    expect(pending.status, pending.text).toBe(202);
    expect(await flow.refundEntries()).toHaveLength(0);
    await sandboxSwitch(test, `refunds/${await stripeIdOf(test, pending.body.refunds[0]!.id)}`, { status: 'succeeded', webhooks: 'never' });
    const outcome = await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    expect(outcome.refund_captured).toBe(1);
    expect(await flow.invoice()).toMatchObject({ status: 'partially_paid', paidAmount: flow.total - 5000 });
  });

  it('releases a refund that fails at Stripe with its reason, on the webhook; it can be made again', async () => {
    const flow = await paidInvoice(test, 'twint');
    const pending = await flow.refund();
    expect(pending.status).toBe(202);
    await sandboxSwitch(test, `refunds/${await stripeIdOf(test, pending.body.refunds[0]!.id)}`, { status: 'failed', failure_reason: 'declined', webhooks: 'twice' });
    await test.runDeferred();
    const payment = await flow.get();
    expect(payment.refunds[0]).toMatchObject({ state: 'failed' });
    expect(payment.refunds[0]!.failureReason).toContain('the card issuer or TWINT declined it');
    expect(payment.refundedAmount).toBe(0);
    expect(await flow.refundEntries()).toHaveLength(0);
    expect((await flow.invoice()).status).toBe('paid');
    expect((await flow.refund(1000)).status).toBe(202);
  });
});
