// Books money the provider confirmed as captured, in one transaction with the attempt's
// state. The attempt row is locked first and the journal key `payment:<attempt>:capture`
// is unique, so fifty concurrent callbacks book once. Money is never lost and an invoice
// is never marked paid for money that does not match: a mismatch goes to suspense (1099),
// a payment on a cancelled invoice to customer prepayments (2030), an overpayment's excess
// to 2030 too; each flags the invoice for a bookkeeper.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { invoices, outboxMessages, paymentAttempts, tenants, contacts } from '../db/schema.js';
import { accountNumbers } from '../ledger/chart.js';
import { postEntry } from '../ledger/post.js';
import { rateOfEntry } from '../ledger/read-entries.js';
import { formatMoney } from '../i18n.js';
import { swissToday } from '../services/context.js';
import { flagInvoice } from './flag.js';
import { bookToSuspense, captureKey } from './book-to-suspense.js';

export interface CapturedPayment {
  amount: number;
  currency: string;
  orderId: string | null;
  transactionId: string;
  captureId: string | null;
}

export type BookingOutcome = 'booked' | 'already_booked' | 'suspense' | 'prepayment' | 'overpaid' | 'unbookable';

const receivableRate = (tx: Tx, tenantId: string, invoiceId: string) => rateOfEntry(tx, tenantId, `invoice:${invoiceId}:receivable`);

export async function bookCapturedPayment(tx: Tx, attemptId: string, payment: CapturedPayment, now: Date): Promise<BookingOutcome> {
  const [attempt] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId)).for('update');
  if (!attempt) throw new Error(`attempt ${attemptId} vanished`);
  if (['captured', 'refunded'].includes(attempt.state)) return 'already_booked';
  const [invoice] = await tx.select().from(invoices).where(eq(invoices.id, attempt.invoiceId)).for('update');
  const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, attempt.tenantId));
  if (!invoice || !tenant) throw new Error(`attempt ${attemptId} lost its invoice or tenant`);

  await tx
    .update(paymentAttempts)
    .set({
      state: 'captured',
      capturedAmount: payment.amount,
      // What a provider sent is not always a currency code; the booking flags that case.
      capturedCurrency: /^[A-Z]{3}$/.test(payment.currency) ? payment.currency : null,
      providerTransactionId: payment.transactionId,
      providerCaptureId: payment.captureId,
      updatedAt: now,
    })
    .where(eq(paymentAttempts.id, attempt.id));

  const received = formatMoney(payment.amount, payment.currency);
  const base = {
    tenantId: attempt.tenantId,
    date: swissToday(now),
    source: 'payment' as const,
    sourceRef: attempt.id,
    idempotencyKey: captureKey(attempt.id),
    currency: payment.currency,
  };
  const matches = payment.amount === attempt.amount && payment.currency === attempt.currency && payment.orderId === attempt.orderId;
  if (!matches) {
    const reason =
      `Payment ${payment.transactionId} (${received}, order ${payment.orderId ?? '–'}) does not match the requested ` +
      `${formatMoney(attempt.amount, attempt.currency)} for order ${attempt.orderId}.`;
    return bookToSuspense(tx, { attempt, invoice, tenant, payment, reason, now });
  }

  const rate = invoice.currency === 'CHF' ? undefined : await receivableRate(tx, invoice.tenantId, invoice.id);
  if (invoice.status === 'cancelled' || invoice.status === 'draft') {
    const posted = await postEntry(tx, {
      ...base,
      text: `Payment after cancellation of invoice ${invoice.number}: ${received}`,
      rate,
      lines: [
        { account: tenant.systemAccount, amount: payment.amount },
        { account: accountNumbers.prepayments, amount: -payment.amount },
      ],
    });
    if (!posted.created) return 'already_booked';
    await flagInvoice(tx, invoice.id, `${received} arrived after the invoice was cancelled; booked to 2030 customer prepayments.`, now);
    return 'prepayment';
  }

  const open = Math.max(invoice.total - invoice.paidAmount, 0);
  const toDebtors = Math.min(payment.amount, open);
  const excess = payment.amount - toDebtors;
  // The journal key is the last word: whatever raced us here, an existing booking means done.
  const posted = await postEntry(tx, {
    ...base,
    text: `Payment of invoice ${invoice.number} via ${attempt.provider}: ${received}`,
    rate,
    lines: [
      { account: tenant.systemAccount, amount: payment.amount },
      ...(toDebtors > 0 ? [{ account: accountNumbers.debtors, amount: -toDebtors }] : []),
      ...(excess > 0 ? [{ account: accountNumbers.prepayments, amount: -excess }] : []),
    ],
  });
  if (!posted.created) return 'already_booked';
  const paidAmount = invoice.paidAmount + payment.amount;
  const paid = paidAmount >= invoice.total;
  await tx
    .update(invoices)
    .set({ paidAmount, status: paid ? 'paid' : 'partially_paid', paidAt: paid ? (invoice.paidAt ?? now) : null, updatedAt: now })
    .where(eq(invoices.id, invoice.id));
  if (paid && invoice.status !== 'paid') {
    const [contact] = await tx.select({ email: contacts.email }).from(contacts).where(eq(contacts.id, invoice.contactId));
    await tx.insert(outboxMessages).values({
      tenantId: invoice.tenantId,
      kind: 'receipt_email',
      invoiceId: invoice.id,
      payload: { to: contact?.email ?? '', amount: payment.amount },
    });
  }
  if (excess > 0) {
    await flagInvoice(
      tx,
      invoice.id,
      `Overpaid by ${formatMoney(excess, payment.currency)} (payment ${payment.transactionId}); the excess is booked to 2030 customer prepayments.`,
      now,
    );
    return 'overpaid';
  }
  return 'booked';
}
