// Books money the provider confirmed as captured, in one transaction with the attempt's
// state. The attempt row is locked first and the journal key `payment:<attempt>:capture`
// is unique, so fifty concurrent callbacks book once. Money is never lost and an invoice
// is never marked paid for money that does not match: a mismatch goes to suspense (1099).
// Matching money follows the rules every invoice payment shares (apply-invoice-payment.ts:
// 2030 for a cancelled invoice or an overpayment's excess, each flagged).
import type { Tx } from '../db/client.js';
import { fixed, listOf, runFixed } from '../db/fixed-sql.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import type { PostingFacts } from '../ledger/post.js';
import { swissToday } from '../services/context.js';
import { type PayableInvoice, applyInvoicePayment } from './apply-invoice-payment.js';
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

/** The locking read's row, as the driver answers it (int8 as text or number). */
interface LockedRow extends Record<string, unknown> {
  id: string;
  tenant_id: string;
  provider: string;
  state: string;
  amount: string | number;
  currency: string;
  order_id: string;
  invoice_id: string;
  contact_id: string;
  number: string;
  status: PayableInvoice['status'];
  invoice_currency: string;
  total: string | number;
  paid_amount: string | number;
  paid_at: string | null;
  system_account: string;
  closed_until: string | null;
  known_accounts: string | null;
  reports_events: boolean;
}

/**
 * At most seven round trips for a matching payment (issue 11): BEGIN is the caller's; one
 * statement locks the attempt and the invoice (FOR UPDATE) and reads the tenant, its closed
 * period (FOR SHARE, as the journal's own check), which booking accounts exist and whether it has
 * a webhook endpoint at all (without one, no event CTEs ride on the writes); then the
 * attempt's update, the entry with its lines in one statement, the invoice's update, the
 * receipt e-mail when it is paid, and COMMIT.
 */
export async function bookCapturedPayment(tx: Tx, attemptId: string, payment: CapturedPayment, now: Date): Promise<BookingOutcome> {
  // Only what the booking reads, as fixed text (db/fixed-sql.ts): drizzle built this statement
  // and the attempt's update anew for each booking.
  const [row] = await runFixed<LockedRow>(
    tx,
    fixed`select a.id, a.tenant_id, a.provider, a.state, a.amount, a.currency, a.order_id,
        i.id as invoice_id, i.contact_id, i.number, i.status, i.currency as invoice_currency, i.total, i.paid_amount,
        to_json(i.paid_at) #>> '{}' as paid_at, t.system_account,
        (select t2.books_closed_until::text from tenants t2 where t2.id = a.tenant_id for share) as closed_until,
        (select string_agg(a2.number, ',') from accounts a2
          where a2.tenant_id = a.tenant_id and (a2.number = t.system_account or a2.number = any(string_to_array(${listOf(bookingAccounts)}, ',')))) as known_accounts,
        exists (select 1 from webhook_endpoints e where e.tenant_id = a.tenant_id and e.enabled) as reports_events
      from payment_attempts a
      join invoices i on i.id = a.invoice_id
      join tenants t on t.id = a.tenant_id
      where a.id = ${attemptId}
      for update of a, i`,
  );
  if (!row) throw new Error(`attempt ${attemptId} vanished (or lost its invoice or tenant)`);
  const attempt = {
    id: row.id,
    tenantId: row.tenant_id,
    provider: row.provider,
    state: row.state,
    amount: Number(row.amount),
    currency: row.currency,
    orderId: row.order_id,
  };
  const invoice: PayableInvoice = {
    id: row.invoice_id,
    tenantId: row.tenant_id,
    contactId: row.contact_id,
    number: row.number,
    status: row.status,
    currency: row.invoice_currency,
    total: Number(row.total),
    paidAmount: Number(row.paid_amount),
    paidAt: row.paid_at === null ? null : new Date(row.paid_at),
  };
  const tenant = { systemAccount: row.system_account };
  if (['captured', 'refunded'].includes(attempt.state)) return 'already_booked';
  const facts: PostingFacts = {
    closedUntil: row.closed_until,
    knownAccounts: new Set(row.known_accounts ? row.known_accounts.split(',') : []),
    reportsEvents: row.reports_events,
  };

  // What a provider sent is not always a currency code; the booking flags that case.
  await runFixed(
    tx,
    fixed`update payment_attempts set state = 'captured', captured_amount = ${payment.amount},
        captured_currency = ${/^[A-Z]{3}$/.test(payment.currency) ? payment.currency : null},
        provider_transaction_id = ${payment.transactionId}, provider_capture_id = ${payment.captureId},
        updated_at = ${now.toISOString()}::timestamptz
      where id = ${attempt.id}`,
  );

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
