// What the reconciliation has to show, read the same way by the API and the back office:
// imported bank lines by status (unmatched: what a bookkeeper must book) and payout proposals.
import { and, desc, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { type bankEntryStatuses, bankEntries, payoutProposals } from '../db/schema.js';

export function listBankLines(db: Queryable, tenantId: string, query: { status?: (typeof bankEntryStatuses)[number]; limit: number }) {
  return db
    .select()
    .from(bankEntries)
    .where(and(eq(bankEntries.tenantId, tenantId), query.status ? eq(bankEntries.status, query.status) : undefined))
    .orderBy(desc(bankEntries.bookingDate), desc(bankEntries.createdAt))
    .limit(query.limit);
}

export function listPayoutProposals(db: Queryable, tenantId: string, query: { status: 'open' | 'accepted'; limit: number }) {
  return db
    .select()
    .from(payoutProposals)
    .where(and(eq(payoutProposals.tenantId, tenantId), eq(payoutProposals.status, query.status)))
    .orderBy(desc(payoutProposals.createdAt))
    .limit(query.limit);
}
