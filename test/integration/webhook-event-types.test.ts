// What a receiver listening to everything (`*`) gets through an invoice's life: each change
// once, with amounts in minor units and the status after it.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { apiClient, createTestApp } from '../helpers/app.js';
import { camtFixture, postStatement } from '../helpers/bank-statements.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { deliverRound, eventOf, receivedBy, registerEndpoint } from '../helpers/webhooks.js';

const qrIban = 'CH4431999123000889012';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());

const qrPayment = (reference: string, amount: number, ref: string) =>
  camtFixture('camt054-v08-qr-payment.xml', {
    ACCOUNT_IBAN: qrIban,
    REFERENCE: reference,
    REFERENCE_TYPE_ELEMENT: '<Prtry>QRR</Prtry>',
    AMOUNT: formatMinor(amount, 'CHF'),
    DATE: today,
    REF: ref,
  });

describe('events through an invoice’s life', () => {
  it('reports a bank transfer in two parts: statement imported, partially paid, then paid, with their bookings', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app, { iban: 'CH44 3199 9123 0008 8901 2' });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = (await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`)).body;
    const endpoint = await registerEndpoint(app, setup.admin, ['*']);
    const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
    expect((await postStatement(bookkeeper, qrPayment(sent.paymentReference!, 100000, 'QR-1'))).status).toBe(201);
    expect((await postStatement(bookkeeper, qrPayment(sent.paymentReference!, 153465, 'QR-2'))).status).toBe(201);
    // The same document again brings nothing new, and no event.
    expect((await postStatement(bookkeeper, qrPayment(sent.paymentReference!, 153465, 'QR-2'))).status).toBe(200);
    await deliverRound(app, setup.tenant.tenantId);

    const events = (await receivedBy(app, endpoint)).map(eventOf);
    expect(events.map((e) => e.type)).toEqual([
      'journal_entry.posted',
      'invoice.partially_paid',
      'bank_statement.imported',
      'journal_entry.posted',
      'invoice.paid',
      'bank_statement.imported',
    ]);
    expect(events[1]!.data).toMatchObject({ invoiceId: draft.id, status: 'partially_paid', paidAmount: 100000, total: 253465, payment: { amount: 100000, currency: 'CHF' } });
    expect(events[4]!.data).toMatchObject({ status: 'paid', paidAmount: 253465, payment: { amount: 153465 } });
    expect(events[0]!.data).toMatchObject({ source: 'payment', currency: 'CHF', amount: 100000, entryId: (events[1]!.data.payment as { journalEntryId: string }).journalEntryId });
    expect(events[2]!.data).toMatchObject({ kind: 'camt.054', entries: 1, matched: 1, unmatched: 0 });
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
  });

  it('reports a declined card, the payment, and a partial refund', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    await createConnection(setup.admin);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = (await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`)).body;
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.paid', 'invoice.refunded', 'payment.failed']);
    const payPath = new URL(sent.payLink!.url).pathname;
    await returnTo(app, await act(app, await choose(app, payPath, 'CARD'), 'MASTERCARD', 'decline'));
    await app.runDeferred();
    await returnTo(app, await act(app, await choose(app, payPath, 'CARD'), 'VISA', 'approve', 'none'));
    const payments = await setup.accountant.get<{ items: { id: string }[] }>(`/api/v1/payments?invoiceId=${draft.id}`);
    const paymentId = payments.body.items[0]!.id;
    expect((await setup.accountant.post(`/api/v1/payments/${paymentId}/refund`, { amount: 50000 })).status).toBe(200);
    await deliverRound(app, setup.tenant.tenantId);

    const events = (await receivedBy(app, endpoint)).map(eventOf);
    expect(events.map((e) => e.type)).toEqual(['payment.failed', 'invoice.paid', 'invoice.refunded']);
    expect(events[0]!.data).toMatchObject({ invoiceId: draft.id, provider: 'saferpay', amount: 253465, currency: 'CHF' });
    expect(events[0]!.data.paymentId).not.toBe(paymentId);
    expect(events[1]!.data).toMatchObject({ status: 'paid', payment: { amount: 253465, sourceRef: paymentId } });
    expect(events[2]!.data).toMatchObject({ status: 'partially_paid', paidAmount: 203465, refund: { paymentId, amount: 50000, currency: 'CHF' } });
  });

  it('reports a payout accepted by the bookkeeper, with what it cleared', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const connectionId = await createConnection(setup.admin);
    await setup.admin.put(`/api/v1/connections/${connectionId}/payout-recognition`, { patterns: ['Worldline'] });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = (await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`)).body;
    await returnTo(app, await act(app, await choose(app, new URL(sent.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
    const endpoint = await registerEndpoint(app, setup.admin, ['payout_proposal.accepted']);
    const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
    const payout = sent.total - 5_000;
    const file = camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: 'CH9300762011623852957', CURRENCY: 'CHF', AMOUNT: formatMinor(payout, 'CHF'), DATE: today, REF: 'PAYOUT-1' });
    expect((await postStatement(bookkeeper, file)).status).toBe(201);
    const [proposal] = (await bookkeeper.get<{ items: { id: string; attemptIds: string[] }[] }>('/api/v1/reconciliation/proposals')).body.items;
    const accepted = await bookkeeper.post<{ journalEntryId: string }>(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`);
    expect(accepted.status).toBe(200);
    // Accepting again is refused and reports nothing more.
    expect((await bookkeeper.post(`/api/v1/reconciliation/proposals/${proposal!.id}/accept`)).status).toBe(409);
    await deliverRound(app, setup.tenant.tenantId);

    const events = (await receivedBy(app, endpoint)).map(eventOf);
    expect(events.map((e) => e.type)).toEqual(['payout_proposal.accepted']);
    expect(events[0]!.data).toMatchObject({
      proposalId: proposal!.id,
      amount: payout,
      currency: 'CHF',
      itemsTotal: sent.total,
      fees: 5_000,
      payments: proposal!.attemptIds,
      journalEntryId: accepted.body.journalEntryId,
    });
  });
});
