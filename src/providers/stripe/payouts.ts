// A paid payout (spec §8): Stripe lists its balance transactions; each charge's transaction
// names our payment (by its charge id) and its fee. Fees not booked yet are booked now, and
// the payout is kept with exactly those payments and fee entries, so the proposal made when
// its credit reaches the bank statement clears exactly what Stripe paid out.
import { and, eq, inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { connections, journalEntries, paymentAttempts, providerPayouts } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { formatMoney } from '../../i18n.js';
import { livemodeFits, providerErrorOf, stripeFor } from './client-for.js';
import { bookStripeFee, feeKey } from './fees.js';

type Connection = typeof connections.$inferSelect;

const day = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

/** Reads the payout and its balance transactions and keeps it; answers its row, or null when it is not (yet) to be kept. */
export async function recordStripePayout(deps: PaymentDeps, connection: Connection, payoutId: string) {
  const stripe = await stripeFor(deps, connection);
  let payout: Stripe.Payout;
  const listed: Stripe.BalanceTransaction[] = [];
  try {
    payout = await stripe.payouts.retrieve(payoutId);
    if (payout.status !== 'paid' || !livemodeFits(connection, payout)) return null;
    // The `payout` filter lists an automatic payout's items (spec §8); auto-paginated.
    for await (const item of stripe.balanceTransactions.list({ payout: payout.id, limit: 100 })) listed.push(item);
  } catch (error) {
    throw providerErrorOf(error);
  }
  // The payout's own transaction may be listed too (UNCONFIRMED): it is no item.
  const charges = listed.filter((t) => ['charge', 'payment'].includes(t.type));
  const chargeIds = charges.map((t) => (typeof t.source === 'string' ? t.source : (t.source?.id ?? '')));
  const attempts = chargeIds.length
    ? await deps.db
        .select()
        .from(paymentAttempts)
        .where(and(eq(paymentAttempts.connectionId, connection.id), inArray(paymentAttempts.providerCaptureId, chargeIds)))
    : [];
  const byCharge = new Map(attempts.map((a) => [a.providerCaptureId!, a]));
  const unknown: string[] = [];
  for (const [index, balance] of charges.entries()) {
    const attempt = byCharge.get(chargeIds[index]!);
    if (!attempt) unknown.push(`${balance.id} (${formatMoney(balance.amount, balance.currency.toUpperCase())})`);
    else await bookStripeFee(deps, attempt.id, balance);
  }
  const attemptIds = attempts.map((a) => a.id);
  if (attemptIds.length === 0) {
    // None of our payments (another shop on the same account): nothing to propose exactly;
    // its bank credit is matched as any other payout.
    deps.logger.info('stripe payout without payments of this service', { connectionId: connection.id, payoutId: payout.id });
    return null;
  }
  const fees = attemptIds.length
    ? await deps.db
        .select({ id: journalEntries.id })
        .from(journalEntries)
        .where(and(eq(journalEntries.tenantId, connection.tenantId), inArray(journalEntries.idempotencyKey, attemptIds.map(feeKey))))
    : [];
  const others = listed.filter((t) => !['charge', 'payment', 'payout'].includes(t.type)).map((t) => `${t.type} ${t.id}`);
  const note = [
    unknown.length ? `Charges of no payment of this service: ${unknown.join(', ')}.` : '',
    others.length ? `Also listed: ${others.join(', ')}.` : '',
  ].filter(Boolean).join(' ');
  const [row] = await deps.db
    .insert(providerPayouts)
    .values({
      tenantId: connection.tenantId,
      connectionId: connection.id,
      providerPayoutId: payout.id,
      amount: payout.amount,
      currency: payout.currency.toUpperCase(),
      arrivalDate: day(payout.arrival_date),
      attemptIds,
      feeEntryIds: fees.map((f) => f.id),
      note,
    })
    .onConflictDoNothing()
    .returning();
  return row ?? null;
}

// Stripe keeps a payout's balance transactions listable for long; a week back covers a lost
// payout.paid (Stripe retries its webhooks for three days) with room to spare.
const lookBackSeconds = 7 * 86_400;

/** For payouts whose payout.paid never came: the recent paid ones not kept yet. */
export async function reconcileStripePayouts(deps: PaymentDeps, connection: Connection): Promise<number> {
  const stripe = await stripeFor(deps, connection);
  const since = Math.floor(deps.now().getTime() / 1000) - lookBackSeconds;
  const paid: Stripe.Payout[] = [];
  try {
    for await (const payout of stripe.payouts.list({ status: 'paid', created: { gte: since }, limit: 100 })) paid.push(payout);
  } catch (error) {
    throw providerErrorOf(error);
  }
  const ids = paid.map((p) => p.id);
  const kept = ids.length
    ? new Set(
        (
          await deps.db
            .select({ id: providerPayouts.providerPayoutId })
            .from(providerPayouts)
            .where(and(eq(providerPayouts.connectionId, connection.id), inArray(providerPayouts.providerPayoutId, ids)))
        ).map((row) => row.id),
      )
    : new Set<string>();
  let recorded = 0;
  for (const id of ids.filter((id) => !kept.has(id))) if (await recordStripePayout(deps, connection, id)) recorded++;
  return recorded;
}
