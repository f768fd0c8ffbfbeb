// The CHF rate of a currency on a day, as this tenant's own journal recorded it. The service
// fetches no rates from outside (it reaches no other host): the rates it knows are those
// bookings carried (an EUR invoice is sent with its rate). Money captured in a currency
// nobody asked for is booked at the newest of these, no older than a month; the booking's
// text names the rate and its day, so the bookkeeper can correct it at the payout.
import dayjs from 'dayjs';
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { journalEntries, journalLines } from '../db/schema.js';

export const rateMaxAgeDays = 31;

export async function recentRate(db: Queryable, tenantId: string, currency: string, date: string): Promise<{ rate: string; date: string } | null> {
  if (currency === 'CHF') return { rate: '1', date };
  const [row] = await db
    .select({ rate: journalLines.rate, date: journalEntries.entryDate })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(
      and(
        eq(journalEntries.tenantId, tenantId),
        eq(journalEntries.currency, currency),
        lte(journalEntries.entryDate, date),
        gte(journalEntries.entryDate, dayjs(date).subtract(rateMaxAgeDays, 'day').format('YYYY-MM-DD')),
      ),
    )
    .orderBy(desc(journalEntries.entryDate), desc(journalEntries.seq))
    .limit(1);
  return row ?? null;
}
