// Paying through PostFinance Checkout end to end against its sandbox, as payers and
// bookkeepers see it: the outcome comes from the platform's transaction only, the invoice
// becomes paid once and 1029 is debited once, whatever the webhooks do.
import { beforeAll, describe, expect, it } from 'vitest';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { type TestApp, createTestApp, later } from '../helpers/app.js';
import { act, checkoutInvoice, choose, moveTransaction, returnTo, transactionIdOf } from '../helpers/checkout-payer.js';
import { expectInvariants } from '../helpers/invariants.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function expectPaidOnce(flow: Awaited<ReturnType<typeof checkoutInvoice>>) {
  expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: flow.total });
  const payments = await flow.payments();
  expect(payments).toHaveLength(1);
  expect(payments[0]!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
    ['1029', flow.total, 0],
    ['1100', 0, flow.total],
  ]);
}

describe('paying with PostFinance Card through PostFinance Checkout', () => {
  for (const mode of ['once', 'twice', 'late', 'out_of_order', 'never'] as const) {
    it(`books an approved payment once when the webhooks come ${mode.replaceAll('_', ' ')}`, async () => {
      const flow = await checkoutInvoice(test);
      const pageUrl = await choose(test, flow.payPath);
      const back = await act(test, pageUrl, 'approve', mode);
      await test.runDeferred(); // the webhooks, before or after the payer is back
      expect((await returnTo(test, back)).html).toContain('your payment was received');
      await test.runDeferred();
      await expectPaidOnce(flow);
      await expectInvariants(test.database.db, { tenantId: flow.tenant.tenantId });
    });
  }

  it('books from the webhook alone when the payer never comes back', async () => {
    const flow = await checkoutInvoice(test);
    await act(test, await choose(test, flow.payPath), 'approve', 'once');
    await test.runDeferred();
    await expectPaidOnce(flow);
  });

  it('shows a declined payment with the reason, books nothing and offers to try again', async () => {
    const flow = await checkoutInvoice(test);
    const back = await act(test, await choose(test, flow.payPath), 'decline');
    await test.runDeferred();
    const page = await returnTo(test, back);
    expect(page.html).toContain('did not go through');
    expect(page.html).toContain('declined by the issuer');
    expect(page.html).toContain('Try again');
    expect((await flow.invoice()).status).toBe('sent');
    expect(await flow.payments()).toHaveLength(0);
  });

  it('books nothing when the payer cancels on the payment page', async () => {
    const flow = await checkoutInvoice(test);
    const back = await act(test, await choose(test, flow.payPath), 'cancel', 'never');
    expect((await returnTo(test, back)).html).toContain('did not go through');
    expect((await flow.invoice()).status).toBe('sent');
    expect(await flow.payments()).toHaveLength(0);
  });

  it('heals a payment whose webhook was lost: the job reads the transaction and books it', async () => {
    const flow = await checkoutInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await act(test, pageUrl, 'pending', 'never');
    // The processor finishes later and its webhook never arrives.
    await moveTransaction(test, transactionIdOf(pageUrl), 'FULFILL', 'never');
    expect((await flow.invoice()).status).toBe('sent');
    await reconcileOpenAttempts(later(test, 10), { tenantId: flow.tenant.tenantId });
    await expectPaidOnce(flow);
  });
});
