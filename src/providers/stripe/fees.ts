// Stripe's fee for a charge, from the charge's balance transaction (spec §8): debit 6940,
// credit the system account, in the charge's currency at the rate its capture was booked
// with, once per payment (journal key `fee:<attempt>`). Booked with source `fee`, so the
// payout that settles it treats it as a fee already booked (reconciliation/fees-booked.ts)
// and never books it a second time as the payout's residual.
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { invoices, paymentAttempts, tenants } from '../../db/schema.js';
import { formatMoney } from '../../i18n.js';
import { accountNumbers } from '../../ledger/chart.js';
import { postEntry } from '../../ledger/post.js';
import { rateOfEntry } from '../../ledger/read-entries.js';
import { captureKey } from '../../payments/book-to-suspense.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { flagInvoice } from '../../payments/flag.js';
import { swissToday } from '../../services/context.js';

export const feeKey = (attemptId: string) => `fee:${attemptId}`;

export type FeeOutcome = 'booked' | 'already_booked' | 'none' | 'not_captured' | 'other_currency';

/** Books the fee a balance transaction names for a captured attempt's charge. */
export async function bookStripeFee(deps: PaymentDeps, attemptId: string, balance: Stripe.BalanceTransaction): Promise<FeeOutcome> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ attempt: paymentAttempts, tenant: tenants, number: invoices.number })
      .from(paymentAttempts)
      .innerJoin(tenants, eq(tenants.id, paymentAttempts.tenantId))
      .innerJoin(invoices, eq(invoices.id, paymentAttempts.invoiceId))
      .where(eq(paymentAttempts.id, attemptId));
    if (!row || !['captured', 'refunded'].includes(row.attempt.state)) return 'not_captured';
    if (balance.fee <= 0) return 'none';
    const currency = balance.currency.toUpperCase();
    const { attempt, tenant } = row;
    if (currency !== attempt.capturedCurrency) {
      // Settled in another currency than charged: which rate Stripe converted at is in the
      // transaction, but booking it is UNCONFIRMED here; a bookkeeper books it by hand.
      await flagInvoice(tx, attempt.invoiceId, `Stripe's fee ${formatMoney(balance.fee, currency)} for payment ${attempt.providerTransactionId} was settled in ${currency}, not in ${attempt.capturedCurrency}; not booked: book it by hand.`, deps.now());
      return 'other_currency';
    }
    const posted = await postEntry(tx, {
      inClosedPeriod: 'first_open_day',
      tenantId: attempt.tenantId,
      date: swissToday(deps.now()),
      text: `Stripe fee for invoice ${row.number ?? ''} (${balance.id}): ${formatMoney(balance.fee, currency)}`,
      source: 'fee',
      sourceRef: attempt.id,
      idempotencyKey: feeKey(attempt.id),
      currency,
      rate: currency === 'CHF' ? undefined : await rateOfEntry(tx, attempt.tenantId, captureKey(attempt.id)),
      lines: [
        { account: accountNumbers.bankCharges, amount: balance.fee },
        { account: tenant.systemAccount, amount: -balance.fee },
      ],
    });
    return posted.created ? 'booked' : 'already_booked';
  });
}

/** The balance transaction of a charge when Stripe expanded it (it is null for a while after paying). */
export function balanceOfCharge(charge: Stripe.Charge | string | null | undefined): Stripe.BalanceTransaction | null {
  if (!charge || typeof charge === 'string') return null;
  const balance = charge.balance_transaction;
  return balance && typeof balance !== 'string' ? balance : null;
}
