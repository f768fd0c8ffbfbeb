// The open items of the system account: per captured payment, what the journal holds on
// 1029 for it (the capture, minus its refunds), until a payout clears it (payout_clearings).
// Their sum in CHF is the balance of 1029, except the FX differences booked at payouts,
// which clear the cleared items' CHF rest to zero.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { journalEntries, journalLines, paymentAttempts, payoutClearings, tenants } from '../db/schema.js';

export interface OpenItem {
  attemptId: string;
  invoiceId: string;
  connectionId: string;
  provider: string;
  currency: string;
  amount: number;
  amountChf: number;
  /** The day the capture was booked. */
  date: string;
}

export async function openItems(
  db: Queryable,
  tenantId: string,
  filter: { connectionId?: string; currency?: string; attemptIds?: string[] } = {},
): Promise<OpenItem[]> {
  const [tenant] = await db.select({ systemAccount: tenants.systemAccount }).from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) return [];
  const rows = await db
    .select({
      attemptId: paymentAttempts.id,
      invoiceId: paymentAttempts.invoiceId,
      connectionId: paymentAttempts.connectionId,
      provider: paymentAttempts.provider,
      currency: journalEntries.currency,
      amount: sql<string>`sum(${journalLines.amount})`,
      amountChf: sql<string>`sum(${journalLines.amountChf})`,
      date: sql<string>`min(${journalEntries.entryDate})::text`,
    })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .innerJoin(paymentAttempts, sql`${paymentAttempts.id}::text = ${journalEntries.sourceRef}`)
    .where(
      and(
        eq(journalLines.tenantId, tenantId),
        eq(journalLines.accountNumber, tenant.systemAccount),
        inArray(journalEntries.source, ['payment', 'refund']),
        sql`not exists (select 1 from ${payoutClearings} where ${payoutClearings.attemptId} = ${paymentAttempts.id})`,
        filter.connectionId ? eq(paymentAttempts.connectionId, filter.connectionId) : undefined,
        filter.currency ? eq(journalEntries.currency, filter.currency) : undefined,
        filter.attemptIds ? inArray(paymentAttempts.id, filter.attemptIds.length > 0 ? filter.attemptIds : ['00000000-0000-0000-0000-000000000000']) : undefined,
      ),
    )
    .groupBy(paymentAttempts.id, journalEntries.currency)
    .having(sql`sum(${journalLines.amount}) <> 0`)
    .orderBy(asc(sql`min(${journalEntries.entryDate})`), asc(paymentAttempts.createdAt));
  return rows.map((row) => ({ ...row, amount: Number(row.amount), amountChf: Number(row.amountChf) }));
}
