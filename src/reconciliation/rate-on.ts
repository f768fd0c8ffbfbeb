// The CHF rate of a currency for a day: the tenant's rates table (the day itself, or the
// last rate before it within a week, for weekends and holidays), else the newest rate the
// journal recorded (ledger/recent-rate.ts). None is a 422 naming currency and date, never
// a silent 1.0.
import dayjs from 'dayjs';
import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { exchangeRates } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { normalizeRate } from '../ledger/read-entries.js';
import { recentRate } from '../ledger/recent-rate.js';

export const rateTableMaxAgeDays = 7;

export async function tableRate(db: Queryable, tenantId: string, currency: string, date: string) {
  const [row] = await db
    .select({ rate: exchangeRates.rate, date: exchangeRates.date })
    .from(exchangeRates)
    .where(
      and(
        eq(exchangeRates.tenantId, tenantId),
        eq(exchangeRates.currency, currency),
        lte(exchangeRates.date, date),
        gte(exchangeRates.date, dayjs(date).subtract(rateTableMaxAgeDays, 'day').format('YYYY-MM-DD')),
      ),
    )
    .orderBy(desc(exchangeRates.date))
    .limit(1);
  return row ? { rate: normalizeRate(row.rate), date: row.date } : null;
}

/** The rate to book at, or null: the table first, then the journal. */
export async function rateOn(db: Queryable, tenantId: string, currency: string, date: string) {
  if (currency === 'CHF') return { rate: '1', date };
  return (await tableRate(db, tenantId, currency, date)) ?? (await recentRate(db, tenantId, currency, date));
}

export async function requireRateOn(db: Queryable, tenantId: string, currency: string, date: string, field = 'rate') {
  const found = await rateOn(db, tenantId, currency, date);
  if (found) return found.rate;
  throw new DomainError('rate_missing', `No CHF rate for ${currency} on ${date} is known; enter it (PUT /api/v1/exchange-rates) or give it.`, {
    errors: [{ field, message: `CHF per 1 ${currency} on ${date}` }],
    currency,
    date,
  });
}
