// Refunds whose answers do not come back. Money that may have left is never released: the
// refund stays pending, a second refund waits, and Saferpay's own record (Inquire of the
// refund transaction) decides. The payer gets back exactly what the books show.
import { describe, expect, it } from 'vitest';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { type Tamper, type TestApp, createTestApp, later } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Refund {
  state: string;
  amount: number;
  failureReason: string | null;
}
interface Payment {
  id: string;
  state: string;
  refundedAmount: number;
  refunds: Refund[];
  code?: string;
  detail?: string;
}

type Behaviour = { lose: number } | { refuse: string };

/** What reached the provider, per path, and what happens to a path's calls there and back. */
function provider() {
  const reached: Record<string, number> = {};
  const rules = new Map<string, Behaviour>();
  const tamper: Tamper = async (url, forward) => {
    const path = url.pathname.replace(/^.*\/Payment\/v1/, '');
    const rule = rules.get(path);
    if (rule && 'refuse' in rule) {
      const body = { Behavior: 'DO_NOT_RETRY', ErrorName: rule.refuse, ErrorMessage: rule.refuse };
      return new Response(JSON.stringify(body), { status: 402, headers: { 'Content-Type': 'application/json' } });
    }
    reached[path] = (reached[path] ?? 0) + 1;
    const response = await forward();
    if (rule && rule.lose > 0) {
      rule.lose--;
      throw new TypeError('fetch failed: the answer timed out');
    }
    return response;
  };
  return {
    tamper,
    reached: (path: string) => reached[path] ?? 0,
    /** `path` reaches Saferpay but its answer is lost, `times` times (Infinity: always). */
    loseAnswers: (path: string, times: number) => rules.set(path, { lose: times }),
    /** `path` is answered with this Saferpay error and never reaches it. */
    refuse: (path: string, errorName: string) => rules.set(path, { refuse: errorName }),
    heal: () => rules.clear(),
  };
}

async function paidInvoice() {
  const saferpay = provider();
  const app = await createTestApp({}, { tamper: saferpay.tamper });
  const setup = await invoicingTenant(app);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  await returnTo(app, await act(app, await choose(app, new URL(sent.body.payLink.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
  const [payment] = (await setup.accountant.get<{ items: Payment[] }>(`/api/v1/payments?invoiceId=${draft.id}`)).body.items;
  const get = async () => (await setup.accountant.get<Payment>(`/api/v1/payments/${payment!.id}`)).body;
  const refundEntries = async () =>
    (await setup.admin.get<{ items: { lines: { account: string; debit: number; credit: number }[] }[] }>('/api/v1/journal/entries?source=refund')).body.items;
  const invoice = async () => (await setup.accountant.get<{ status: string; paidAmount: number }>(`/api/v1/invoices/${draft.id}`)).body;
  const refund = (amount?: number) => setup.accountant.post<Payment>(`/api/v1/payments/${payment!.id}/refund`, amount === undefined ? undefined : { amount });
  return { app, saferpay, setup, paymentId: payment!.id, get, refundEntries, invoice, refund };
}

const reconcile = (app: TestApp, tenantId: string, minutes = 10) => reconcileOpenAttempts(later(app, minutes), { tenantId });

describe('a Saferpay refund whose answers are lost', () => {
  it('takes TRANSACTION_ALREADY_CAPTURED on the retried Capture as captured, confirmed by Inquire, and books it once', async () => {
    const flow = await paidInvoice();
    flow.saferpay.loseAnswers('/Transaction/Capture', 1);
    const refunded = await flow.refund(10000);
    expect(refunded.status, refunded.text).toBe(200);
    expect(refunded.body.refunds).toEqual([expect.objectContaining({ state: 'captured', amount: 10000 })]);
    expect(flow.saferpay.reached('/Transaction/Refund')).toBe(1);
    expect(flow.saferpay.reached('/Transaction/Inquire')).toBe(1);
    expect((await flow.refundEntries()).map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [
        ['1100', 10000, 0],
        ['1029', 0, 10000],
      ],
    ]);
    // Nothing is blocked: the next refund goes through.
    expect((await flow.refund(5000)).status).toBe(200);
    expect((await flow.get()).refundedAmount).toBe(15000);
  });

  it('stays pending when no Capture answer comes back, refuses a second refund meanwhile, and books the one refund Saferpay made', async () => {
    const flow = await paidInvoice();
    flow.saferpay.loseAnswers('/Transaction/Capture', Infinity);
    const first = await flow.refund(10000);
    expect(first.status, first.text).toBe(202);
    expect(first.body.refunds).toEqual([expect.objectContaining({ state: 'pending', amount: 10000 })]);
    expect(await flow.refundEntries()).toHaveLength(0);

    // The accountant tries again: refused with the reason, nothing leaves.
    const second = await flow.refund(10000);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('refund_pending');
    expect(second.body.detail).toMatch(/CHF 100\.00 .* still waiting for Worldline Saferpay|CHF 100\.00 .* still waiting for Saferpay/);
    expect(flow.saferpay.reached('/Transaction/Refund')).toBe(1);

    // Too early for the job: nothing is decided on a guess.
    await reconcile(flow.app, flow.setup.tenant.tenantId, 1);
    expect((await flow.get()).refunds.map((r) => r.state)).toEqual(['pending']);

    flow.saferpay.heal();
    const outcome = await reconcile(flow.app, flow.setup.tenant.tenantId);
    expect(outcome.refund_captured).toBe(1);
    const payment = await flow.get();
    expect(payment.refunds.map((r) => [r.state, r.amount])).toEqual([['captured', 10000]]);
    expect(payment.refundedAmount).toBe(10000);
    // One refund at Saferpay, one in the books, of the same amount.
    expect(flow.saferpay.reached('/Transaction/Refund')).toBe(1);
    expect((await flow.refundEntries()).map((e) => e.lines[0]!.debit)).toEqual([10000]);
    expect(await flow.invoice()).toMatchObject({ status: 'partially_paid', paidAmount: 253465 - 10000 });
    // A later run changes nothing.
    await reconcile(flow.app, flow.setup.tenant.tenantId, 200);
    expect(await flow.refundEntries()).toHaveLength(1);
  });

  it('does not send the Refund again after a lost answer, and finds the refund by its own order id', async () => {
    const flow = await paidInvoice();
    flow.saferpay.loseAnswers('/Transaction/Refund', Infinity);
    const first = await flow.refund();
    expect(first.status, first.text).toBe(202);
    // Saferpay documents no de-duplication: a second Refund could authorise a second refund.
    expect(flow.saferpay.reached('/Transaction/Refund')).toBe(1);
    expect((await flow.refund()).status).toBe(409);

    flow.saferpay.heal();
    await reconcile(flow.app, flow.setup.tenant.tenantId);
    const payment = await flow.get();
    expect(payment.state).toBe('refunded');
    expect(payment.refunds.map((r) => r.state)).toEqual(['captured']);
    expect((await flow.refundEntries()).map((e) => e.lines[0]!.debit)).toEqual([253465]);
    expect((await flow.invoice()).status).toBe('refunded');
  });

  it('releases a refund that never reached Saferpay, once Inquire finds no such transaction', async () => {
    const flow = await paidInvoice();
    flow.saferpay.refuse('/Transaction/Refund', 'COMMUNICATION_TIMEOUT');
    expect((await flow.refund(10000)).status).toBe(202);
    flow.saferpay.heal();
    await reconcile(flow.app, flow.setup.tenant.tenantId);
    const payment = await flow.get();
    expect(payment.refunds).toEqual([expect.objectContaining({ state: 'failed', failureReason: expect.stringMatching(/never reached Saferpay/) })]);
    expect(payment.refundedAmount).toBe(0);
    expect(await flow.refundEntries()).toHaveLength(0);
    expect((await flow.refund(10000)).status).toBe(200);
  });

  it('cancels a refund authorisation whose Capture Saferpay refused, and shows why on the payment', async () => {
    const flow = await paidInvoice();
    flow.saferpay.refuse('/Transaction/Capture', 'TRANSACTION_DECLINED');
    const refused = await flow.refund(10000);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('refund_refused');
    expect(flow.saferpay.reached('/Transaction/Cancel')).toBe(1);
    const payment = await flow.get();
    expect(payment.refundedAmount).toBe(0);
    expect(payment.refunds).toEqual([
      expect.objectContaining({ state: 'failed', failureReason: expect.stringMatching(/TRANSACTION_DECLINED.*cancelled at Saferpay/) }),
    ]);
    expect(await flow.refundEntries()).toHaveLength(0);
    flow.saferpay.heal();
    expect((await flow.refund(10000)).status).toBe(200);
  });

  it('keeps cancelling (never captures) a refund whose Capture was refused and whose Cancel answer was lost', async () => {
    const flow = await paidInvoice();
    flow.saferpay.refuse('/Transaction/Capture', 'TRANSACTION_DECLINED');
    flow.saferpay.loseAnswers('/Transaction/Cancel', Infinity);
    const first = await flow.refund(10000);
    expect(first.status, first.text).toBe(202);
    expect(first.body.refunds).toEqual([expect.objectContaining({ state: 'pending', failureReason: expect.stringMatching(/TRANSACTION_DECLINED/) })]);

    // Saferpay would capture now, but the refund was refused once: it is cancelled, not paid.
    flow.saferpay.heal();
    await reconcile(flow.app, flow.setup.tenant.tenantId);
    const payment = await flow.get();
    expect(payment.refunds).toEqual([expect.objectContaining({ state: 'failed' })]);
    expect(payment.refundedAmount).toBe(0);
    expect(flow.saferpay.reached('/Transaction/Capture')).toBe(1); // the payment's own capture only
    expect(await flow.refundEntries()).toHaveLength(0);
  });
});
