// Enters CHF rates by day, one by one or from a CSV file; a rate entered again for the same
// currency and day replaces the old one (a correction), and the change is audited. Bookings
// made with the old rate stay as they were: the journal is append-only.
import { sql } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { auditLog, exchangeRates } from '../db/schema.js';
import { DomainError, type FieldProblem } from '../errors.js';
import { isRate } from '../ledger/balance.js';
import { isKnownCurrency } from '../ledger/currencies.js';
import type { ServiceContext } from './context.js';

export interface RateInput {
  currency: string;
  date: string;
  rate: string;
  source?: string;
}

export async function saveExchangeRates({ ctx, input }: { ctx: ServiceContext; input: { rates: RateInput[] } }) {
  if (input.rates.length === 0) return { saved: 0 };
  return withTransaction(ctx.db, async (tx) => {
    await tx
      .insert(exchangeRates)
      .values(input.rates.map((rate) => ({ tenantId: ctx.tenantId, ...rate, source: rate.source ?? 'manual', createdByUserId: ctx.userId })))
      .onConflictDoUpdate({
        target: [exchangeRates.tenantId, exchangeRates.currency, exchangeRates.date],
        set: { rate: sql`excluded.rate`, source: sql`excluded.source`, createdByUserId: sql`excluded.created_by_user_id` },
      });
    await tx.insert(auditLog).values({ tenantId: ctx.tenantId, actorUserId: ctx.userId, action: 'exchange_rates.saved', details: { rates: input.rates } });
    return { saved: input.rates.length };
  });
}

/** `currency;date;rate[;source]` per line, a header line allowed; errors name the line. */
export function parseRatesCsv(text: string): RateInput[] {
  const rates: RateInput[] = [];
  const errors: FieldProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const row = raw.trim();
      if (!row || (index === 0 && /^currency[;,]/i.test(row))) return;
      const [currency = '', date = '', rate = '', source] = row.split(/[;,]/).map((cell) => cell.trim());
      const field = `line ${index + 1}`;
      if (!isKnownCurrency(currency) || currency === 'CHF') errors.push({ field, message: `"${currency}" is not a foreign ISO 4217 currency` });
      else if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.push({ field, message: `"${date}" is not a date as YYYY-MM-DD` });
      else if (!isRate(rate)) errors.push({ field, message: `"${rate}" is not a rate such as 0.9412` });
      else rates.push({ currency, date, rate, source: source || 'csv' });
    });
  if (errors.length > 0) throw new DomainError('validation_failed', `The rates file has ${errors.length} bad line(s); nothing was saved.`, { errors });
  return rates;
}
