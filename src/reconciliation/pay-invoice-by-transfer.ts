// A credit on the bank statement whose structured reference (QRR or SCOR) is an invoice's
// payment reference pays that invoice: debit the bank account's ledger account, credit
// 1100, by the rules every invoice payment follows (payments/apply-invoice-payment.ts),
// under the journal key `bank:<entry>:payment`, so it is booked once.
//
// A transfer's amount is the payer's choice, not one we asked a provider for: less than
// the open amount is a partial payment (the invoice is flagged, the rest stays open on
// 1100); more goes to 2030 as an overpayment. Money in another currency than the invoice's
// is the "wrong amount" of a transfer: it goes to 1099 suspense, flagged.
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { type bankEntries, invoices, journalEntries, type tenants } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { postEntry } from '../ledger/post.js';
import { rateOn, tableRate } from './rate-on.js';
import { toChf } from '../ledger/balance.js';
import { rateOfEntry } from '../ledger/read-entries.js';
import { applyInvoicePayment } from '../payments/apply-invoice-payment.js';
import { flagInvoice } from '../payments/flag.js';
import { openBookingDate } from '../ledger/open-booking-date.js';

type BankEntry = typeof bankEntries.$inferSelect;
export type LineMatch = { status: BankEntry['status']; note: string; invoiceId?: string; journalEntryId?: string };

export const bankPaymentKey = (entryId: string) => `bank:${entryId}:payment`;

export async function payInvoiceByTransfer(tx: Tx, tenant: typeof tenants.$inferSelect, line: BankEntry, now: Date): Promise<LineMatch | null> {
  if (line.direction !== 'credit' || !line.reference) return null;
  const [invoice] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenant.id), eq(invoices.paymentReference, line.reference)))
    .for('update');
  if (!invoice) return null;
  const received = formatMoney(line.amount, line.currency);
  const { date, note } = openBookingDate(line.bookingDate, tenant.booksClosedUntil);
  const entry = { date, source: 'payment' as const, sourceRef: line.id, idempotencyKey: bankPaymentKey(line.id) };
  const name = `bank entry ${line.acctSvcrRef ?? line.entryRef ?? line.id} of ${line.bookingDate}`;

  if (line.currency !== invoice.currency) {
    const rate = await rateOn(tx, tenant.id, line.currency, line.bookingDate);
    const reason = `${received} came by bank transfer (${name}) for invoice ${invoice.number} in ${invoice.currency}.`;
    if (!rate) {
      await flagInvoice(tx, invoice.id, `${reason} Not booked: no CHF rate for ${line.currency} is known; book the bank entry by hand.`, now);
      return { status: 'unmatched', note: `Reference of invoice ${invoice.number}, but in ${line.currency}: no CHF rate known, book it by hand.`, invoiceId: invoice.id };
    }
    const posted = await postEntry(tx, {
      tenantId: tenant.id,
      ...entry,
      text: `Unclear bank payment for invoice ${invoice.number}: ${received}${note}`,
      currency: line.currency,
      rate: line.currency === 'CHF' ? undefined : rate.rate,
      lines: [
        { account: line.ledgerAccount, amount: line.amount },
        { account: accountNumbers.suspense, amount: -line.amount },
      ],
    });
    await flagInvoice(tx, invoice.id, `${reason} Booked to 1099 suspense.`, now);
    return { status: 'booked', note: `Reference of invoice ${invoice.number} in another currency: booked to 1099 suspense.`, invoiceId: invoice.id, journalEntryId: posted.entryId };
  }

  const open = Math.max(invoice.total - invoice.paidAmount, 0);
  const outcome = await applyInvoicePayment(tx, {
    invoice,
    debitAccount: line.ledgerAccount,
    amount: line.amount,
    currency: line.currency,
    channel: `by bank transfer (${line.referenceType} ${line.reference})${note}`,
    name,
    entry,
    now,
  });
  if (outcome === 'booked' && line.amount < open && invoice.status !== 'cancelled' && invoice.status !== 'draft') {
    await flagInvoice(
      tx,
      invoice.id,
      `Paid ${received} of ${formatMoney(open, invoice.currency)} open by bank transfer (${name}); the rest stays open on 1100.`,
      now,
    );
  }
  const words: Record<typeof outcome, string> = {
    booked: line.amount < open ? 'partial payment' : 'paid',
    already_booked: 'booked before',
    prepayment: 'invoice cancelled: booked to 2030 customer prepayments',
    overpaid: 'overpaid: the excess is booked to 2030 customer prepayments',
  };
  if (outcome !== 'already_booked') await bookExchangeDifference(tx, { tenantId: tenant.id, invoice, line, date, note });
  const journalEntryId = await entryIdOf(tx, tenant.id, entry.idempotencyKey);
  return { status: 'invoice_paid', note: `Invoice ${invoice.number}: ${words[outcome]}.`, invoiceId: invoice.id, journalEntryId };
}

async function entryIdOf(tx: Tx, tenantId: string, key: string) {
  const [row] = await tx
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.idempotencyKey, key)));
  return row?.id;
}

/**
 * Foreign money is booked at the receivable's rate, so 1100 clears to the Rappen. When the
 * rates table has the rate of the day the money arrived and it differs, the bank holds
 * more or less CHF than that: the difference goes to 6960, in a CHF entry of its own.
 */
async function bookExchangeDifference(
  tx: Tx,
  input: { tenantId: string; invoice: typeof invoices.$inferSelect; line: BankEntry; date: string; note: string },
) {
  const { tenantId, invoice, line } = input;
  if (line.currency === 'CHF') return;
  const booked = await rateOfEntry(tx, tenantId, `invoice:${invoice.id}:receivable`);
  const day = await tableRate(tx, tenantId, line.currency, line.bookingDate);
  if (!booked || !day) return;
  const difference = toChf(line.amount, line.currency, day.rate) - toChf(line.amount, line.currency, booked);
  if (difference === 0) return;
  await postEntry(tx, {
    tenantId,
    date: input.date,
    text: `Exchange difference on payment of invoice ${invoice.number}: ${line.currency} at ${day.rate} (${day.date}) instead of ${booked}${input.note}`,
    source: 'fx',
    sourceRef: line.id,
    idempotencyKey: `bank:${line.id}:fx`,
    currency: 'CHF',
    lines: [
      { account: line.ledgerAccount, amount: difference },
      { account: accountNumbers.exchangeDifferences, amount: -difference },
    ],
  });
}
