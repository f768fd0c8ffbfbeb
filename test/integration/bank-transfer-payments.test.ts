// A QR-bill or bank transfer with an invoice's reference pays the invoice from the bank
// statement: debit 1020, credit 1100, once, by the same rules as a card payment.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { outboxMessages } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { apiClient, createTestApp } from '../helpers/app.js';
import { balanceOf, camtFixture, expectBooksExplained, postStatement } from '../helpers/bank-statements.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const qrIban = 'CH4431999123000889012';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());

async function sentInvoice(settings: Record<string, unknown> = {}) {
  const app = await createTestApp();
  const setup = await invoicingTenant(app, settings);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  expect(sent.status, sent.text).toBe(200);
  const bookkeeper = apiClient(app.app, setup.tenant.keys.bookkeeper);
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  return { ...setup, app, bookkeeper, sent: sent.body, invoice };
}

function notification(account: string, reference: string, amount: number, ref: string) {
  const typeElement = reference.startsWith('RF') ? '<Cd>SCOR</Cd>' : '<Prtry>QRR</Prtry>';
  return camtFixture('camt054-v08-qr-payment.xml', {
    ACCOUNT_IBAN: account,
    REFERENCE: reference,
    REFERENCE_TYPE_ELEMENT: typeElement,
    AMOUNT: formatMinor(amount, 'CHF'),
    DATE: today,
    REF: ref,
  });
}

const linesOf = (entry: EntryView | undefined) => entry?.lines.map((l) => [l.account, l.debit, l.credit]);

describe('a QR-bill payment on the camt.054', () => {
  it('pays the invoice with its QR reference: debit 1020, credit 1100, receipt to the payer, once', async () => {
    const flow = await sentInvoice({ iban: 'CH44 3199 9123 0008 8901 2' });
    expect(flow.sent.paymentReference).toMatch(/^\d{27}$/);
    const xml = notification(qrIban, flow.sent.paymentReference!, flow.sent.total, 'QR-0001');
    const imported = await postStatement(flow.bookkeeper, xml);
    expect(imported.status, imported.text).toBe(201);
    const [line] = imported.body.statements[0]!.entries;
    expect(line).toMatchObject({ status: 'invoice_paid', invoiceId: flow.sent.id, referenceType: 'QRR', counterpartyName: 'Muster Treuhand GmbH' });

    const invoice = await flow.invoice();
    expect(invoice).toMatchObject({ status: 'paid', paidAmount: flow.sent.total, flagReason: null });
    expect(invoice.bankPayments).toEqual([
      {
        bankEntryId: line!.id,
        bookingDate: today,
        amount: flow.sent.total,
        currency: 'CHF',
        reference: flow.sent.paymentReference,
        bankReference: 'QR-0001-1',
        payer: 'Muster Treuhand GmbH',
        journalEntryId: line!.journalEntryId,
      },
    ]);
    const entry = await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${line!.journalEntryId}`);
    expect(linesOf(entry.body)).toEqual([
      ['1020', flow.sent.total, 0],
      ['1100', 0, flow.sent.total],
    ]);
    const receipts = await flow.app.database.db.select().from(outboxMessages).where(eq(outboxMessages.invoiceId, flow.sent.id));
    expect(receipts.filter((m) => m.kind === 'receipt_email')).toHaveLength(1);

    // The camt.053 of the day carries the same entry: nothing is booked twice.
    const again = await postStatement(flow.bookkeeper, xml.replace('<Id>NTF-QR-0001</Id>', '<Id>NTF-QR-0001-B</Id>'));
    expect(again.body.statements[0]).toMatchObject({ imported: 0, alreadyImported: 1 });
    const { trial } = await expectBooksExplained(flow.bookkeeper);
    expect(balanceOf(trial, '1100')).toBe(0);
    expect(balanceOf(trial, '1020')).toBe(flow.sent.total);
    expect((await flow.invoice()).paidAmount).toBe(flow.sent.total);
  });

  it('books a second payment of an invoice paid by card to 2030 and flags it', async () => {
    const flow = await sentInvoice();
    expect(flow.sent.paymentReference).toMatch(/^RF/);
    await returnTo(flow.app, await act(flow.app, await choose(flow.app, new URL(flow.sent.payLink!.url).pathname, 'CARD'), 'VISA', 'approve', 'none'));
    expect((await flow.invoice()).status).toBe('paid');

    const imported = await postStatement(flow.bookkeeper, notification('CH9300762011623852957', flow.sent.paymentReference!, flow.sent.total, 'SCOR-0002'));
    const [line] = imported.body.statements[0]!.entries;
    expect(line).toMatchObject({ status: 'invoice_paid', referenceType: 'SCOR' });
    expect(line!.note).toMatch(/overpaid/);
    const entry = await flow.bookkeeper.get<EntryView>(`/api/v1/journal/entries/${line!.journalEntryId}`);
    expect(linesOf(entry.body)).toEqual([
      ['1020', flow.sent.total, 0],
      ['2030', 0, flow.sent.total],
    ]);
    expect((await flow.invoice()).flagReason).toMatch(/Overpaid by .* \(bank entry SCOR-0002-1 of .*\); the excess is booked to 2030/);
    await expectBooksExplained(flow.bookkeeper);
  });

  it('takes less than the open amount as a partial payment, flagged', async () => {
    const flow = await sentInvoice();
    const imported = await postStatement(flow.bookkeeper, notification('CH9300762011623852957', flow.sent.paymentReference!, 100000, 'PART-0003'));
    expect(imported.body.statements[0]!.entries[0]).toMatchObject({ status: 'invoice_paid' });
    const invoice = await flow.invoice();
    expect(invoice).toMatchObject({ status: 'partially_paid', paidAmount: 100000 });
    expect(invoice.flagReason).toMatch(/Paid CHF 1.?000\.00 of CHF .* open by bank transfer/);
    const { trial } = await expectBooksExplained(flow.bookkeeper);
    expect(balanceOf(trial, '1100')).toBe(flow.sent.total - 100000);
  });
});
