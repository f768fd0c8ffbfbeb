// Refunds as an accountant does them: partial, then the rest; the journal gives the money
// back from the system account and the invoice status follows.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Payment {
  id: string;
  state: string;
  capturedAmount: number;
  refundedAmount: number;
  code?: string;
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function paidInvoice() {
  const setup = await invoicingTenant(test);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  await returnTo(test, await act(test, await choose(test, new URL(sent.body.payLink.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
  const payments = await setup.accountant.get<{ items: Payment[] }>(`/api/v1/payments?invoiceId=${draft.id}`);
  const invoice = async () => (await setup.accountant.get<{ status: string; paidAmount: number }>(`/api/v1/invoices/${draft.id}`)).body;
  return { ...setup, payment: payments.body.items[0]!, invoice };
}

describe('refunding a Saferpay payment', () => {
  it('refunds in part, then the rest, booking debit 1100 / credit 1029 each time', async () => {
    const { accountant, admin, payment, invoice } = await paidInvoice();
    expect(payment).toMatchObject({ state: 'captured', capturedAmount: 253465 });

    const partial = await accountant.post<Payment>(`/api/v1/payments/${payment.id}/refund`, { amount: 50000 });
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ state: 'captured', refundedAmount: 50000 });
    expect(await invoice()).toMatchObject({ status: 'partially_paid', paidAmount: 203465 });

    const tooMuch = await accountant.post<Payment>(`/api/v1/payments/${payment.id}/refund`, { amount: 300000 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.code).toBe('payment_not_refundable');

    const rest = await accountant.post<Payment>(`/api/v1/payments/${payment.id}/refund`);
    expect(rest.body).toMatchObject({ state: 'refunded', refundedAmount: 253465 });
    expect(await invoice()).toMatchObject({ status: 'refunded', paidAmount: 0 });

    const refunds = await admin.get<{ items: { lines: { account: string; debit: number; credit: number }[] }[] }>(
      '/api/v1/journal/entries?source=refund',
    );
    expect(refunds.body.items.map((e) => e.lines.map((l) => [l.account, l.debit, l.credit]))).toEqual([
      [
        ['1100', 50000, 0],
        ['1029', 0, 50000],
      ],
      [
        ['1100', 203465, 0],
        ['1029', 0, 203465],
      ],
    ]);
    const balance = await admin.get<{ balanceChf: number }>('/api/v1/accounts/1029/balance?date=2099-12-31');
    expect(balance.body.balanceChf).toBe(0);
    expect((await accountant.post(`/api/v1/payments/${payment.id}/refund`)).status).toBe(409);
  });

  it('is refused to bookkeepers and for payments that are not captured', async () => {
    const { payment, tenant } = await paidInvoice();
    const bookkeeper = apiClient(test.app, tenant.keys.bookkeeper);
    const refused = await bookkeeper.post(`/api/v1/payments/${payment.id}/refund`);
    expect(refused.status).toBe(403);
    expect(refused.body.permission).toBe('payments:refund');
  });
});
