// 1029 at a glance: the lists that should be empty name what is wrong, and automatic
// bookings dated in a closed period land on the first open day.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { apiClient, createTestApp, rewriteAnswers } from '../helpers/app.js';
import { type SystemAccountView, camtFixture, expectBooksExplained, postStatement } from '../helpers/bank-statements.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const swissDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(date);

describe('GET /api/v1/reconciliation/system-account', () => {
  it('lists a payment booked but not paid out after the service’s days', async () => {
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000);
    const past = await createTestApp({ now: () => tenDaysAgo });
    const setup = await invoicingTenant(past);
    const connectionId = await createConnection(setup.admin);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    await returnTo(past, await act(past, await choose(past, new URL(sent.body.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));

    const present = await createTestApp();
    const bookkeeper = apiClient(present.app, setup.tenant.keys.bookkeeper);
    const { view } = await expectBooksExplained(bookkeeper);
    expect(view.groups[0]!.items[0]!.ageDays).toBe(10);
    expect(view.bookedNotPaidOut).toHaveLength(1);
    expect(view.capturedNotBooked).toEqual([]);

    // A service that pays out monthly is not late after ten days.
    const admin = apiClient(present.app, setup.tenant.keys.admin);
    expect((await admin.put(`/api/v1/connections/${connectionId}/payout-recognition`, { payoutAfterDays: 31 })).status).toBe(200);
    expect((await bookkeeper.get<SystemAccountView>('/api/v1/reconciliation/system-account')).body.bookedNotPaidOut).toEqual([]);
  });

  it('lists money captured at the provider that could not be booked', async () => {
    const app = await createTestApp({}, { tamper: rewriteAnswers('/PaymentPage/Assert', (body) => body.replace('"CurrencyCode":"CHF"', '"CurrencyCode":"EUR"')) });
    const setup = await invoicingTenant(app);
    await createConnection(setup.admin, { currencies: ['CHF', 'EUR'] });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    await returnTo(app, await act(app, await choose(app, new URL(sent.body.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
    const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
    const { view } = await expectBooksExplained(bookkeeper);
    expect(view.capturedNotBooked).toMatchObject([{ invoiceId: draft.id, currency: 'EUR', amount: sent.body.total }]);
  });
});

describe('an automatic booking dated in a closed period', () => {
  it('is booked on the first open day, its text naming the original date', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
    const today = swissDay(new Date());
    const yesterday = swissDay(new Date(Date.now() - 86_400_000));
    expect((await setup.admin.patch('/api/v1/settings', { booksClosedUntil: yesterday })).status).toBe(200);
    const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
    const xml = camtFixture('camt054-v08-qr-payment.xml', {
      ACCOUNT_IBAN: 'CH9300762011623852957',
      REFERENCE: sent.body.paymentReference!,
      REFERENCE_TYPE_ELEMENT: '<Cd>SCOR</Cd>',
      AMOUNT: formatMinor(sent.body.total, 'CHF'),
      DATE: yesterday,
      REF: 'LATE-1',
    });
    const imported = await postStatement(bookkeeper, xml);
    const [line] = imported.body.statements[0]!.entries;
    expect(line!.status).toBe('invoice_paid');
    const entry = (await bookkeeper.get<EntryView>(`/api/v1/journal/entries/${line!.journalEntryId}`)).body;
    expect(entry.date).toBe(today);
    expect(entry.text).toContain(`dated ${yesterday}; booked on ${today}`);
    await expectBooksExplained(bookkeeper);
  });
});

describe('POST /api/v1/journal/period-lock', () => {
  it('lets a bookkeeper lock a month, refuses manual entries in it, and leaves unlocking to the admin', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
    expect((await bookkeeper.post('/api/v1/journal/period-lock', { until: '2026-10-31' })).status).toBe(200);
    const manual = await bookkeeper.post<{ code: string }>('/api/v1/journal/manual-entries', {
      date: '2026-10-15',
      text: 'Saferpay fees October',
      currency: 'CHF',
      lines: [
        { account: '6940', debit: 340 },
        { account: '1029', credit: 340 },
      ],
    });
    expect(manual.status).toBe(422);
    expect(manual.body.code).toBe('period_closed');
    expect((await bookkeeper.post('/api/v1/journal/period-lock', { until: '2026-09-30' })).status).toBe(409);
    expect((await bookkeeper.patch('/api/v1/settings', { booksClosedUntil: '2026-09-30' })).status).toBe(403);
    expect((await setup.admin.patch('/api/v1/settings', { booksClosedUntil: '2026-09-30' })).status).toBe(200);
    const audit = await setup.admin.get<{ items: { action: string }[] }>('/api/v1/audit-log');
    expect(audit.body.items.filter((e) => e.action === 'books_closed_until.changed')).toHaveLength(2);
  });
});
