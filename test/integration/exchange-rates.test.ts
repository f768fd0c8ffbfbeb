// CHF rates by day: entered or imported by the bookkeeper, used by foreign-currency
// reconciliation bookings, and the difference to the receivable's rate booked on 6960.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { toChf } from '../../src/ledger/balance.js';
import { apiClient, createTestApp } from '../helpers/app.js';
import { camtFixture, expectBooksExplained, postStatement } from '../helpers/bank-statements.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
const eurAccount = 'CH0809000000250097798';

async function eurTenant() {
  const app = await createTestApp();
  const setup = await invoicingTenant(app);
  const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
  expect((await setup.admin.put('/api/v1/bank-accounts', { iban: eurAccount })).status).toBe(200);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId, { currency: 'EUR' });
  return { ...setup, app, bookkeeper, draft };
}

describe('exchange rates', () => {
  it('are entered as JSON or imported as CSV; a bad line saves nothing and is named', async () => {
    const { bookkeeper, accountant } = await eurTenant();
    expect((await bookkeeper.put('/api/v1/exchange-rates', { rates: [{ currency: 'EUR', date: '2026-11-02', rate: '0.9412' }] })).status).toBe(200);
    const bad = await bookkeeper.post<{ errors: { field: string }[] }>('/api/v1/exchange-rates/import', 'currency;date;rate\nUSD;2026-11-02;0.88\nEUR;2026-11-3;0.94\n', { 'Content-Type': 'text/csv' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['line 3']);
    const good = await bookkeeper.post('/api/v1/exchange-rates/import', '\uFEFFcurrency;date;rate;source\r\nUSD;2026-11-02;0.88;SNB\r\nEUR;2026-11-02;0.9420;SNB\r\n', { 'Content-Type': 'text/csv' });
    expect(good.status, good.text).toBe(200);
    const listed = await bookkeeper.get<{ items: { currency: string; rate: string; source: string }[] }>('/api/v1/exchange-rates?currency=EUR');
    expect(listed.body.items).toEqual([{ currency: 'EUR', date: '2026-11-02', rate: '0.942', source: 'SNB' }]);
    expect((await accountant.put('/api/v1/exchange-rates', { rates: [{ currency: 'EUR', date: '2026-11-02', rate: '1' }] })).status).toBe(403);
  });

  it('book the difference between the receivable’s rate and the day’s rate of a transfer on 6960', async () => {
    const flow = await eurTenant();
    const sent = await flow.accountant.post<InvoiceView>(`/api/v1/invoices/${flow.draft.id}/send`, { exchangeRate: '0.9412' });
    expect((await flow.bookkeeper.put('/api/v1/exchange-rates', { rates: [{ currency: 'EUR', date: today, rate: '0.95' }] })).status).toBe(200);
    const xml = camtFixture('camt054-v08-qr-payment.xml', {
      ACCOUNT_IBAN: eurAccount,
      REFERENCE: sent.body.paymentReference!,
      REFERENCE_TYPE_ELEMENT: '<Cd>SCOR</Cd>',
      AMOUNT: formatMinor(sent.body.total, 'EUR'),
      DATE: today,
      REF: 'EUR-1',
    }).replaceAll('Ccy="CHF"', 'Ccy="EUR"');
    const imported = await postStatement(flow.bookkeeper, xml);
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body.statements[0]!.entries[0]!.status).toBe('invoice_paid');
    const fx = await flow.bookkeeper.get<{ items: EntryView[] }>('/api/v1/journal/entries?source=fx');
    const difference = toChf(sent.body.total, 'EUR', '0.95') - toChf(sent.body.total, 'EUR', '0.9412');
    expect(fx.body.items.map((e) => e.lines.map((l) => [l.account, l.debitChf, l.creditChf]))).toEqual([
      [
        ['1020', difference, 0],
        ['6960', 0, difference],
      ],
    ]);
    const { trial } = await expectBooksExplained(flow.bookkeeper);
    expect(trial.accounts.find((a) => a.account === '1100')?.balanceChf ?? 0).toBe(0);
  });

  it('give the rate of a foreign payout accepted without one', async () => {
    const flow = await eurTenant();
    const connectionId = await createConnection(flow.admin, { currencies: ['CHF', 'EUR'] });
    await flow.admin.put(`/api/v1/connections/${connectionId}/payout-recognition`, { ibans: ['CH89 0900 0000 2500 9119 0'] });
    const draft = await createDraftInvoice(flow.accountant, flow.contactId, { currency: 'EUR' });
    const sent = await flow.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`, { exchangeRate: '0.9412' });
    await returnTo(flow.app, await act(flow.app, await choose(flow.app, new URL(sent.body.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
    await flow.bookkeeper.put('/api/v1/exchange-rates', { rates: [{ currency: 'EUR', date: today, rate: '0.96' }] });
    const payout = sent.body.total - 2_000;
    const imported = await postStatement(
      flow.bookkeeper,
      camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: eurAccount, CURRENCY: 'EUR', AMOUNT: formatMinor(payout, 'EUR'), DATE: today, REF: 'P-EUR' }),
    );
    expect(imported.body.statements[0]!.entries[0]!.note).toMatch(/counterparty IBAN CH8909000000250091190/);
    const [proposal] = (await flow.bookkeeper.get<{ items: { id: string }[] }>('/api/v1/reconciliation/proposals')).body.items;
    const accepted = await flow.bookkeeper.post<{ journalEntryId: string }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.status, accepted.text).toBe(200);
    const entry = (await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${accepted.body.journalEntryId}`)).body;
    expect(entry.lines.find((l) => l.account === '1020')!.debitChf).toBe(toChf(payout, 'EUR', '0.96'));
    await expectBooksExplained(flow.bookkeeper);
  });
});
