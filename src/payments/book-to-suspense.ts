// Money the provider captured that does not match what we asked for (another amount, another
// currency, another order) is booked all the same, so that 1029 always equals what the
// provider holds: debit the system account, credit 1099 suspense, in the currency it came in,
// and the invoice is flagged for a bookkeeper. Never marked paid on its own.
//
// Its CHF value: the invoice's own rate when it came in the invoice's currency, CHF as it is,
// otherwise the newest rate the journal recorded for that currency (ledger/recent-rate.ts).
// With no rate at all (or no ISO currency), nothing can be booked yet: the invoice is flagged,
// the payment is listed as unbooked (GET /api/v1/payments?unbooked=true), and a bookkeeper
// books it with the day's rate (POST /api/v1/payments/{id}/book).
import type { Tx } from '../db/client.js';
import type { paymentAttempts, tenants } from '../db/schema.js';
import { formatMoney } from '../i18n.js';
import { accountNumbers } from '../ledger/chart.js';
import { isKnownCurrency } from '../ledger/currencies.js';
import { type PostingFacts, postEntry } from '../ledger/post.js';
import { rateOfEntry } from '../ledger/read-entries.js';
import { recentRate } from '../ledger/recent-rate.js';
import { swissToday } from '../services/context.js';
import type { PayableInvoice } from './apply-invoice-payment.js';
import { flagInvoice } from './flag.js';

interface SuspenseInput {
  attempt: Pick<typeof paymentAttempts.$inferSelect, 'id' | 'tenantId'>;
  invoice: PayableInvoice;
  tenant: Pick<typeof tenants.$inferSelect, 'systemAccount'>;
  payment: { amount: number; currency: string; transactionId: string };
  reason: string;
  now: Date;
  /** What the caller locked and read already (the tenant's closed period, the accounts). */
  facts?: PostingFacts;
}

export const captureKey = (attemptId: string) => `payment:${attemptId}:capture`;

/** The CHF rate to book captured money at, and how it was found; null when none is known. */
async function rateFor(tx: Tx, input: SuspenseInput): Promise<{ rate: string | undefined; source: string } | null> {
  const { invoice, payment, now } = input;
  if (!isKnownCurrency(payment.currency)) return null;
  if (payment.currency === 'CHF') return { rate: undefined, source: '' };
  if (payment.currency === invoice.currency) {
    const rate = await rateOfEntry(tx, invoice.tenantId, `invoice:${invoice.id}:receivable`);
    if (rate) return { rate, source: ` at the invoice's rate ${rate}` };
  }
  const recent = await recentRate(tx, invoice.tenantId, payment.currency, swissToday(now));
  return recent ? { rate: recent.rate, source: ` at ${recent.rate}, the newest ${payment.currency} rate in the journal (${recent.date})` } : null;
}

export async function bookToSuspense(tx: Tx, input: SuspenseInput, rate?: { rate: string | undefined; source: string } | null) {
  const { attempt, invoice, tenant, payment, reason, now } = input;
  const chosen = rate === undefined ? await rateFor(tx, input) : rate;
  if (!chosen) {
    await flagInvoice(
      tx,
      invoice.id,
      `${reason} Not booked yet: no CHF rate for ${payment.currency} is known. A bookkeeper books it with the day's rate ` +
        `(POST /api/v1/payments/${attempt.id}/book).`,
      now,
    );
    return 'unbookable' as const;
  }
  const posted = await postEntry(tx, {
    inClosedPeriod: 'first_open_day',
    tenantId: attempt.tenantId,
    date: swissToday(now),
    text: `Unclear payment for invoice ${invoice.number}: ${formatMoney(payment.amount, payment.currency)}`,
    source: 'payment',
    sourceRef: attempt.id,
    idempotencyKey: captureKey(attempt.id),
    currency: payment.currency,
    rate: chosen.rate,
    lines: [
      { account: tenant.systemAccount, amount: payment.amount },
      { account: accountNumbers.suspense, amount: -payment.amount },
    ],
  }, input.facts);
  if (!posted.created) return 'already_booked' as const;
  await flagInvoice(tx, invoice.id, `${reason} Booked to 1099 suspense${chosen.source}.`, now);
  return 'suspense' as const;
}
