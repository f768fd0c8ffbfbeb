// Fees a bookkeeper booked by hand on the system account (the architecture's "provider fee
// is a manual entry: debit 6940, credit 1029"). Until a payout settles them they are open
// items of 1029 like the payments: the provider keeps them from a payout, so that payout's
// residual must not book them a second time.
//
// A manual entry names no payment service, so a booked fee is offered to the next payout
// in its currency, and only as far as that payout's residual goes: a fee never makes a
// payout cover more payments than it paid out.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { journalEntries, journalLines, payoutFeeClearings, tenants } from '../db/schema.js';

export interface BookedFee {
  entryId: string;
  date: string;
  text: string;
  currency: string;
  /** What the entry holds on the system account: negative, a credit. */
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
  const rows = await db
    .select({
      entryId: journalEntries.id,
      date: sql<string>`${journalEntries.entryDate}::text`,
      text: journalEntries.text,
      currency: journalEntries.currency,
      amount: sql<string>`sum(${journalLines.amount})`,
      amountChf: sql<string>`sum(${journalLines.amountChf})`,
    })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(
      and(
        eq(journalLines.tenantId, tenantId),
        eq(journalLines.accountNumber, tenant.systemAccount),
        eq(journalEntries.source, 'manual'),
        sql`not exists (select 1 from ${journalEntries} r where r.reverses_entry_id = ${journalEntries.id})`,
        sql`not exists (select 1 from ${payoutFeeClearings} where ${payoutFeeClearings.entryId} = ${journalEntries.id})`,
        filter.currency ? eq(journalEntries.currency, filter.currency) : undefined,
        filter.upTo ? lte(journalEntries.entryDate, filter.upTo) : undefined,
        filter.entryIds ? inArray(journalEntries.id, filter.entryIds) : undefined,
      ),
    )
    .groupBy(journalEntries.id)
    .having(sql`sum(${journalLines.amount}) < 0`)
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.seq));
  return rows.map((row) => ({ ...row, amount: Number(row.amount), amountChf: Number(row.amountChf) }));
}

/** The booked fees, oldest first, that fit into a payout's residual (what the items exceed it by). */
export function feesWithin(fees: BookedFee[], residual: number): BookedFee[] {
  const chosen: BookedFee[] = [];
  let left = residual;
  for (const fee of fees) {
    if (-fee.amount > left) continue;
    chosen.push(fee);
    left += fee.amount;
  }
  return chosen;
}
