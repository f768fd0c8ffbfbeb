// Books money the provider confirmed as captured, in one transaction with the attempt's
// state. The attempt row is locked first and the journal key `payment:<attempt>:capture`
// is unique, so fifty concurrent callbacks book once. Money is never lost and an invoice
// is never marked paid for money that does not match: a mismatch goes to suspense (1099).
// Matching money follows the rules every invoice payment shares (apply-invoice-payment.ts:
// 2030 for a cancelled invoice or an overpayment's excess, each flagged).
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { invoices, paymentAttempts, tenants } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { swissToday } from '../services/context.js';
import { applyInvoicePayment } from './apply-invoice-payment.js';
import { bookToSuspense, captureKey } from './book-to-suspense.js';

export interface CapturedPayment {
  amount: number;
  currency: string;
  orderId: string | null;
  transactionId: string;
  captureId: string | null;
}

export type BookingOutcome = 'booked' | 'already_booked' | 'suspense' | 'prepayment' | 'overpaid' | 'unbookable';

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
  const matches = payment.amount === attempt.amount && payment.currency === attempt.currency && payment.orderId === attempt.orderId;
  if (!matches) {
    const reason =
      `Payment ${payment.transactionId} (${received}, order ${payment.orderId ?? '–'}) does not match the requested ` +
      `${formatMoney(attempt.amount, attempt.currency)} for order ${attempt.orderId}.`;
    return bookToSuspense(tx, { attempt, invoice, tenant, payment, reason, now });
  }

  return applyInvoicePayment(tx, {
    invoice,
    debitAccount: tenant.systemAccount,
    amount: payment.amount,
    currency: payment.currency,
    channel: `via ${attempt.provider}`,
    name: `payment ${payment.transactionId}`,
    entry: { date: swissToday(now), source: 'payment', sourceRef: attempt.id, idempotencyKey: captureKey(attempt.id) },
    now,
  });
}
