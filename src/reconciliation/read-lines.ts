// What the reconciliation has to show, read the same way by the API and the back office:
// imported bank lines by status (unmatched: what a bookkeeper must book) and payout proposals.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { type bankEntryStatuses, bankEntries, payoutProposals } from '../db/schema.js';

type BankLineQuery = { status?: (typeof bankEntryStatuses)[number]; limit: number; after?: string | null };

/**
 * Imported bank lines, newest first: by booking date, then by import, then by id, so every
 * line has one place in the order. `after` is the id of the last line of the page before; the
 * next page starts behind that line's place, whatever its status has become since (booking a
 * line from the unmatched queue moves no other line to another page).
 */
export function listBankLines(db: Queryable, tenantId: string, query: BankLineQuery) {
  const behind = query.after
    ? sql`(${bankEntries.bookingDate}, ${bankEntries.createdAt}, ${bankEntries.id}) <
        (select b.booking_date, b.created_at, b.id from ${bankEntries} b where b.tenant_id = ${tenantId} and b.id = ${query.after})`
    : undefined;
  return db
    .select()
    .from(bankEntries)
    .where(and(eq(bankEntries.tenantId, tenantId), query.status ? eq(bankEntries.status, query.status) : undefined, behind))
    .orderBy(desc(bankEntries.bookingDate), desc(bankEntries.createdAt), desc(bankEntries.id))
    .limit(query.limit);
}

/**
 * A page of listBankLines and the cursor of the next one (null on the last page); null when
 * `after` names no line of the tenant.
 */
export async function pageBankLines(db: Queryable, tenantId: string, query: BankLineQuery) {
  const rows = await listBankLines(db, tenantId, { ...query, limit: query.limit + 1 });
  if (query.after && rows.length === 0) {
    const [known] = await db.select({ id: bankEntries.id }).from(bankEntries).where(and(eq(bankEntries.tenantId, tenantId), eq(bankEntries.id, query.after)));
    if (!known) return null;
  }
  const lines = rows.slice(0, query.limit);
  return { lines, nextCursor: rows.length > query.limit ? lines.at(-1)!.id : null };
}

export function listPayoutProposals(db: Queryable, tenantId: string, query: { status: 'open' | 'accepted'; limit: number }) {
  return db
    .select()
    .from(payoutProposals)
    .where(and(eq(payoutProposals.tenantId, tenantId), eq(payoutProposals.status, query.status)))
    .orderBy(desc(payoutProposals.createdAt))
    .limit(query.limit);
}
