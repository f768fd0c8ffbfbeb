// The booking rules for money that arrived for an invoice, wherever it arrived: on the
// system account from a provider (book-captured-payment.ts) or on the bank account by a
// QR-bill or bank transfer (reconciliation/pay-invoice-by-transfer.ts). Whoever calls it
// has locked the invoice and checked that the money is in the invoice's currency.
//
// A payment on a cancelled invoice goes to customer prepayments (2030); what exceeds the
// open amount (an overpayment, or the same invoice paid twice, by card and by transfer)
// goes to 2030 too; each is flagged. The journal key makes it happen once.
import type { Tx } from '../db/client.js';
import type { invoices } from '../db/schema.js';
import { fixed, nothing, runFixed } from '../db/fixed-sql.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { type EntrySource, type PostingFacts, postEntry } from '../ledger/post.js';
import { rateOfEntry } from '../ledger/read-entries.js';
import { invoiceEventData } from '../webhooks/invoice-event.js';
import { eventStatements } from '../webhooks/record-event.js';
import { flagInvoice } from './flag.js';

/** What the booking rules read of the invoice (a booking selects only these: issue 11). */
export type PayableInvoice = Pick<
  typeof invoices.$inferSelect,
  'id' | 'tenantId' | 'contactId' | 'number' | 'status' | 'currency' | 'total' | 'paidAmount' | 'paidAt'
>;

export interface InvoicePayment {
  invoice: PayableInvoice;
  /** The account the money is on: the system account, or the bank account's ledger account. */
  debitAccount: string;
  amount: number;
  currency: string;
  /** How it was paid, for the entry's text: "via saferpay", "by bank transfer". */
  channel: string;
  /** The payment's name in a flag: "payment 123", "bank entry 456". */
  name: string;
  entry: { date: string; source: EntrySource; sourceRef: string; idempotencyKey: string };
  now: Date;
  /** What the caller locked and read already (the tenant's closed period, the accounts). */
  facts?: PostingFacts;
}

export type InvoicePaymentOutcome = 'booked' | 'already_booked' | 'prepayment' | 'overpaid';

export async function applyInvoicePayment(tx: Tx, payment: InvoicePayment): Promise<InvoicePaymentOutcome> {
  const { invoice, now } = payment;
  const received = formatMoney(payment.amount, payment.currency);
  const base = { tenantId: invoice.tenantId, ...payment.entry, currency: payment.currency };
  const rate = invoice.currency === 'CHF' ? undefined : await rateOfEntry(tx, invoice.tenantId, `invoice:${invoice.id}:receivable`);
  if (invoice.status === 'cancelled' || invoice.status === 'draft') {
    const posted = await postEntry(tx, {
      inClosedPeriod: 'first_open_day',
      ...base,
      text: `Payment after cancellation of invoice ${invoice.number}: ${received}`,
      rate,
      lines: [
        { account: payment.debitAccount, amount: payment.amount },
        { account: accountNumbers.prepayments, amount: -payment.amount },
      ],
    }, payment.facts);
    if (!posted.created) return 'already_booked';
    await flagInvoice(tx, invoice.id, `${received} arrived after the invoice was cancelled; booked to 2030 customer prepayments.`, now);
    return 'prepayment';
  }

  const open = Math.max(invoice.total - invoice.paidAmount, 0);
  const toDebtors = Math.min(payment.amount, open);
  const excess = payment.amount - toDebtors;
  // The journal key is the last word: whatever raced us here, an existing booking means done.
  const posted = await postEntry(tx, {
    inClosedPeriod: 'first_open_day',
    ...base,
    text: `Payment of invoice ${invoice.number} ${payment.channel}: ${received}`,
    rate,
    lines: [
      { account: payment.debitAccount, amount: payment.amount },
      ...(toDebtors > 0 ? [{ account: accountNumbers.debtors, amount: -toDebtors }] : []),
      ...(excess > 0 ? [{ account: accountNumbers.prepayments, amount: -excess }] : []),
    ],
  }, payment.facts);
  if (!posted.created) return 'already_booked';
  const paidAmount = invoice.paidAmount + payment.amount;
  const paid = paidAmount >= invoice.total;
  const status = paid ? 'paid' : 'partially_paid';
  const paidAt = paid ? (invoice.paidAt ?? now) : null;
  // Here, behind the journal's key, an event exists once per booked payment, however many
  // callbacks raced for it. More money on a paid invoice is an overpayment (flagged below),
  // not a second `invoice.paid`. The event rides on the invoice's update: one round trip.
  const booked = { amount: payment.amount, currency: payment.currency, journalEntryId: posted.entryId, source: payment.entry.source, sourceRef: payment.entry.sourceRef };
  const event =
    (!paid || invoice.status !== 'paid') && payment.facts?.reportsEvents !== false
      ? fixed`with ${eventStatements({
          tenantId: invoice.tenantId,
          type: paid ? 'invoice.paid' : 'invoice.partially_paid',
          data: invoiceEventData({ ...invoice, paidAmount, status }, { payment: booked }),
          now,
        })} `
      : nothing;
  await runFixed(
    tx,
    fixed`${event}update invoices set paid_amount = ${paidAmount}, status = ${status},
      paid_at = ${paidAt ? paidAt.toISOString() : null}::timestamptz, updated_at = ${now.toISOString()}::timestamptz
      where id = ${invoice.id}`,
  );
  if (paid && invoice.status !== 'paid') {
    // The contact's address is read by the insert itself: one round trip.
    await runFixed(
      tx,
      fixed`insert into outbox_messages (tenant_id, kind, invoice_id, payload)
        values (${invoice.tenantId}, 'receipt_email', ${invoice.id},
          jsonb_build_object('to', coalesce((select c.email from contacts c where c.id = ${invoice.contactId}), ''), 'amount', ${payment.amount}::bigint))`,
    );
  }
  if (excess > 0) {
    await flagInvoice(
      tx,
      invoice.id,
      `Overpaid by ${formatMoney(excess, payment.currency)} (${payment.name}); the excess is booked to 2030 customer prepayments.`,
      now,
    );
    return 'overpaid';
  }
  return 'booked';
}
