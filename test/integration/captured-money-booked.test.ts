// Money the provider captured is always in the books, so that 1029 equals what the provider
// holds: a payment captured in EUR on a CHF attempt is booked in EUR on 1029 against 1099
// suspense at a rate the journal knows, or, with none, listed for a bookkeeper who books it.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { apiClient, createTestApp, rewriteAnswers } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Payment {
  id: string;
  state: string;
  capturedAmount: number;
}

async function paidInEurOnChfInvoice(options: { eurRateInJournal: boolean }) {
  // Saferpay captured EUR although CHF was asked for.
  const app = await createTestApp({}, { tamper: rewriteAnswers('/PaymentPage/Assert', (body) => body.replace('"CurrencyCode":"CHF"', '"CurrencyCode":"EUR"')) });
  const setup = await invoicingTenant(app);
  await createConnection(setup.admin, { currencies: ['CHF', 'EUR'] });
  if (options.eurRateInJournal) {
    const eur = await createDraftInvoice(setup.accountant, setup.contactId, { currency: 'EUR' });
    expect((await setup.accountant.post(`/api/v1/invoices/${eur.id}/send`, { exchangeRate: '0.9412' })).status).toBe(200);
  }
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  await returnTo(app, await act(app, await choose(app, new URL(sent.body.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const bookings = async () => (await setup.admin.get<{ items: EntryView[] }>('/api/v1/journal/entries?source=payment')).body.items;
  const [payment] = (await setup.accountant.get<{ items: Payment[] }>(`/api/v1/payments?invoiceId=${draft.id}`)).body.items;
  return { ...setup, app, invoice, bookings, payment: payment! };
}

const linesOf = (entry: EntryView | undefined) => entry?.lines.map((l) => [l.account, l.debit, l.credit, l.debitChf, l.creditChf]);

describe('money captured in another currency than asked', () => {
  it('is booked in EUR on 1029 against 1099 at the newest EUR rate of the journal, flagged, never paid', async () => {
    const flow = await paidInEurOnChfInvoice({ eurRateInJournal: true });
    const [booking] = await flow.bookings();
    expect(booking?.currency).toBe('EUR');
    expect(linesOf(booking)).toEqual([
      ['1029', 253465, 0, 238561, 0],
      ['1099', 0, 253465, 0, 238561],
    ]);
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect(invoice.flagReason).toMatch(/1099 suspense at 0\.9412/);
  });

  it('with no EUR rate known, is listed unbooked and flagged until a bookkeeper books it at the day’s rate', async () => {
    const flow = await paidInEurOnChfInvoice({ eurRateInJournal: false });
    expect(flow.payment).toMatchObject({ state: 'captured', capturedAmount: 253465 });
    expect(await flow.bookings()).toHaveLength(0);
    expect((await flow.invoice()).flagReason).toMatch(/Not booked yet: no CHF rate for EUR/);
    const unbooked = await flow.accountant.get<{ items: Payment[] }>('/api/v1/payments?unbooked=true');
    expect(unbooked.body.items.map((p) => p.id)).toEqual([flow.payment.id]);

    // The accountant may not book; the bookkeeper may.
    expect((await flow.accountant.post(`/api/v1/payments/${flow.payment.id}/book`, { rate: '0.95' })).status).toBe(403);
    const bookkeeper = apiClient(flow.app.app, flow.tenant.keys.bookkeeper);
    const booked = await bookkeeper.post(`/api/v1/payments/${flow.payment.id}/book`, { rate: '0.95' });
    expect(booked.status, booked.text).toBe(200);
    expect(linesOf((await flow.bookings())[0])).toEqual([
      ['1029', 253465, 0, 240792, 0],
      ['1099', 0, 253465, 0, 240792],
    ]);
    expect((await flow.accountant.get<{ items: Payment[] }>('/api/v1/payments?unbooked=true')).body.items).toEqual([]);
    expect((await flow.admin.post(`/api/v1/payments/${flow.payment.id}/book`, { rate: '0.95' })).status).toBe(409);
    expect(await flow.bookings()).toHaveLength(1);
    expect((await flow.invoice()).status).toBe('sent');
  });

  it('refuses a bad rate with a problem naming the field', async () => {
    const flow = await paidInEurOnChfInvoice({ eurRateInJournal: false });
    for (const rate of ['-1', '0', '0.000', '1e3', '0.123456789']) {
      const refused = await flow.admin.post<{ errors: { field: string }[] }>(`/api/v1/payments/${flow.payment.id}/book`, { rate });
      expect(refused.status, rate).toBe(400);
      expect(refused.body.errors.map((e) => e.field)).toContain('rate');
    }
    expect(await flow.bookings()).toHaveLength(0);
  });
});
