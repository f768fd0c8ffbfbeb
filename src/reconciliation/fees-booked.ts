// Fees a bookkeeper booked by hand on the system account (the architecture's "provider fee
// is a manual entry: debit 6940, credit 1029"), typically from the provider's settlement
// report before its payout arrives. Until payouts settle them they are open items of 1029
// like the payments: the provider keeps them from a payout, so that payout's residual must
// not book them a second time.
//
// A manual entry names no payment service, so a booked fee is offered to the next payouts
// in its currency, and only as far as their residuals go: a monthly fee entered at once is
// settled part by part by the month's payouts, and never makes a payout cover more payments
// than it paid out. Acceptances take a per-tenant lock, so two payouts accepted at once
// cannot settle the same part twice.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../db/client.js';
import { journalEntries, journalLines, payoutFeeClearings, tenants } from '../db/schema.js';

export interface BookedFee {
  entryId: string;
  date: string;
  text: string;
  currency: string;
  /** What is still open of it on the system account: negative, a credit. */
  amount: number;
  amountChf: number;
}

export async function openBookedFees(
  db: Queryable,
  tenantId: string,
  filter: { currency?: string; upTo?: string; entryIds?: string[] } = {},
): Promise<BookedFee[]> {
  const [tenant] = await db.select({ systemAccount: tenants.systemAccount }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant || filter.entryIds?.length === 0) return [];
  const settled = db
    .select({
      entryId: payoutFeeClearings.entryId,
      amount: sql<string>`sum(${payoutFeeClearings.amount})`.as('settled_amount'),
      amountChf: sql<string>`sum(${payoutFeeClearings.amountChf})`.as('settled_chf'),
    })
    .from(payoutFeeClearings)
    .where(eq(payoutFeeClearings.tenantId, tenantId))
    .groupBy(payoutFeeClearings.entryId)
    .as('settled');
  const rows = await db
    .select({
      entryId: journalEntries.id,
      date: sql<string>`${journalEntries.entryDate}::text`,
      text: journalEntries.text,
      currency: journalEntries.currency,
      amount: sql<string>`sum(${journalLines.amount}) + coalesce(max(${settled.amount}), 0)`,
      amountChf: sql<string>`sum(${journalLines.amountChf}) + coalesce(max(${settled.amountChf}), 0)`,
    })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .leftJoin(settled, eq(settled.entryId, journalEntries.id))
    .where(
      and(
        eq(journalLines.tenantId, tenantId),
        eq(journalLines.accountNumber, tenant.systemAccount),
        // By hand, or from the provider's own data (a Stripe charge's balance transaction).
        inArray(journalEntries.source, ['manual', 'fee']),
        sql`not exists (select 1 from ${journalEntries} r where r.reverses_entry_id = ${journalEntries.id})`,
        filter.currency ? eq(journalEntries.currency, filter.currency) : undefined,
        filter.upTo ? lte(journalEntries.entryDate, filter.upTo) : undefined,
        filter.entryIds ? inArray(journalEntries.id, filter.entryIds) : undefined,
      ),
    )
    .groupBy(journalEntries.id)
    .having(sql`sum(${journalLines.amount}) + coalesce(max(${settled.amount}), 0) < 0`)
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.seq));
  return rows.map((row) => ({ ...row, amount: Number(row.amount), amountChf: Number(row.amountChf) }));
}

export interface FeeTaken {
  fee: BookedFee;
  /** The part a payout settles, positive, in the fee's currency and in CHF. */
  amount: number;
  amountChf: number;
}

/** The parts of the booked fees, oldest first, that a payout's residual (what its items exceed it by) holds. */
export function feesWithin(fees: BookedFee[], residual: number): FeeTaken[] {
  const taken: FeeTaken[] = [];
  let left = residual;
  for (const fee of fees) {
    if (left <= 0) break;
    const open = -fee.amount;
    const amount = Math.min(open, left);
    const amountChf = amount === open ? -fee.amountChf : Math.round((-fee.amountChf * amount) / open);
    taken.push({ fee, amount, amountChf });
    left -= amount;
  }
  return taken;
}

/** Payout acceptances of one tenant take turns while they settle booked fees. */
export async function lockBookedFees(tx: Tx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`payout-fees:${tenantId}`}))`);
}
