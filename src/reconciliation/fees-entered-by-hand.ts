// Fees a bookkeeper entered by hand from the provider's settlement report (debit 6940, credit
// the system account) before the payout arrived. The payout then must not book them again as
// its fee residual: they are what the system account holds less than its open items in the
// payout's currency (the payouts' own exchange differences aside), and a payout takes as much
// of them as its residual needs. Nothing needs remembering: each payout that takes some
// credits the system account that much less, so what is left is what the next one may take.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { journalEntries, journalLines } from '../db/schema.js';
import { openItems } from './open-items.js';

export async function feesEnteredByHand(db: Queryable, tenantId: string, systemAccount: string, currency: string): Promise<{ amount: number; amountChf: number }> {
  const items = await openItems(db, tenantId, { currency });
  const [held] = await db
    .select({ amount: sql`coalesce(sum(${journalLines.amount}), 0)::bigint`.mapWith(Number), chf: sql`coalesce(sum(${journalLines.amountChf}), 0)::bigint`.mapWith(Number) })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalLines.tenantId, tenantId), eq(journalLines.accountNumber, systemAccount), eq(journalEntries.currency, currency), ne(journalEntries.source, 'fx')));
  const amount = items.reduce((sum, item) => sum + item.amount, 0) - (held?.amount ?? 0);
  const amountChf = items.reduce((sum, item) => sum + item.amountChf, 0) - (held?.chf ?? 0);
  return amount > 0 ? { amount, amountChf } : { amount: 0, amountChf: 0 };
}
