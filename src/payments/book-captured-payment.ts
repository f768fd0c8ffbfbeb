// Books money the provider confirmed as captured, in one transaction with the attempt's
// state. The attempt row is locked first and the journal key `payment:<attempt>:capture`
// is unique, so fifty concurrent callbacks book once. Money is never lost and an invoice
// is never marked paid for money that does not match: a mismatch goes to suspense (1099).
// Matching money follows the rules every invoice payment shares (apply-invoice-payment.ts:
// 2030 for a cancelled invoice or an overpayment's excess, each flagged).
import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { accounts, invoices, paymentAttempts, tenants } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import type { PostingFacts } from '../ledger/post.js';
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

/** The accounts a captured payment can be booked on (besides the tenant's system account). */
const bookingAccounts = [accountNumbers.debtors, accountNumbers.prepayments, accountNumbers.suspense];

/**
 * At most seven round trips for a matching payment (issue 11): BEGIN is the caller's; one
 * statement locks the attempt and the invoice (FOR UPDATE) and reads the tenant, its closed
 * period (FOR SHARE, as the journal's own check) and which booking accounts exist; then the
 * attempt's update, the entry with its lines in one statement, the invoice's update, the
 * receipt e-mail when it is paid, and COMMIT.
 */
export async function bookCapturedPayment(tx: Tx, attemptId: string, payment: CapturedPayment, now: Date): Promise<BookingOutcome> {
  const [locked] = await tx
    .select({
      // Only what the booking reads: drizzle builds the statement anew for each booking, and
      // building (and mapping) three whole rows cost a tenth of a booking's time in a profile.
      attempt: {
        id: paymentAttempts.id,
        tenantId: paymentAttempts.tenantId,
        provider: paymentAttempts.provider,
        state: paymentAttempts.state,
        amount: paymentAttempts.amount,
        currency: paymentAttempts.currency,
        orderId: paymentAttempts.orderId,
      },
      invoice: {
        id: invoices.id,
        tenantId: invoices.tenantId,
        contactId: invoices.contactId,
        number: invoices.number,
        status: invoices.status,
        currency: invoices.currency,
        total: invoices.total,
        paidAmount: invoices.paidAmount,
        paidAt: invoices.paidAt,
      },
      tenant: { systemAccount: tenants.systemAccount },
      closedUntil: sql<string | null>`(select t2.books_closed_until::text from ${tenants} t2 where t2.id = ${paymentAttempts.tenantId} for share)`,
      knownAccounts: sql<string | null>`(select string_agg(a2.number, ',') from ${accounts} a2
        where a2.tenant_id = ${paymentAttempts.tenantId} and (a2.number = ${tenants.systemAccount} or a2.number in (${sql.join(
          bookingAccounts.map((number) => sql`${number}`),
          sql`, `,
        )})))`,
    })
    .from(paymentAttempts)
    .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
    .innerJoin(tenants, eq(tenants.id, paymentAttempts.tenantId))
    .where(eq(paymentAttempts.id, attemptId))
    .for('update', { of: [paymentAttempts, invoices] });
  if (!locked) throw new Error(`attempt ${attemptId} vanished (or lost its invoice or tenant)`);
  const { attempt, invoice, tenant } = locked;
  if (['captured', 'refunded'].includes(attempt.state)) return 'already_booked';
  const facts: PostingFacts = {
    closedUntil: locked.closedUntil,
    knownAccounts: new Set(locked.knownAccounts ? locked.knownAccounts.split(',') : []),
  };

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
    return bookToSuspense(tx, { attempt, invoice, tenant, payment, reason, now, facts });
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
    facts,
  });
}
