// Zod building blocks shared by the routes; each one says in its message what is expected.
import { isRate, ratePattern } from '../ledger/balance.js';
import { z } from '@hono/zod-openapi';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat.js';
import { isKnownCurrency } from '../ledger/currencies.js';

dayjs.extend(customParseFormat);

/** Amounts stay far inside the safe-integer range: 10^13 minor units is 100 billion francs. */
export const maxAmount = 10_000_000_000_000;

export const minorAmountSchema = z
  .number({ error: 'must be an integer count of minor units (Rappen, cents)' })
  .int({ error: 'must be an integer count of minor units (Rappen, cents), not a decimal' })
  .min(1, { error: 'must be positive' })
  .max(maxAmount, { error: `must be at most ${maxAmount}` })
  .openapi({ example: 340, description: 'Minor units of the currency (CHF 3.40 is 340).' });

export const dateSchema = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && dayjs(value, 'YYYY-MM-DD', true).isValid(), {
    error: 'must be a calendar date as YYYY-MM-DD',
  })
  .openapi({ example: '2026-03-31' });

export const currencySchema = z
  .string()
  .refine((code) => /^[A-Z]{3}$/.test(code) && isKnownCurrency(code), {
    error: 'must be an ISO 4217 currency code such as CHF or EUR',
  })
  .openapi({ example: 'CHF' });

export const accountNumberSchema = z
  .string()
  .regex(/^\d{4}$/, { error: 'must be a 4-digit account number' })
  .openapi({ example: '1029' });

export const uuidSchema = z.uuid({ error: 'must be a UUID' });

export const idParamSchema = z.object({
  id: uuidSchema.openapi({ param: { name: 'id', in: 'path' } }),
});

/** How many items one page holds: 1 to 500 (each list gives its own default). */
export const pageSizeSchema = z.coerce
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be 1 or more' })
  .max(500, { error: 'must be at most 500' });

export const pageQuerySchema = {
  page: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be 1 or more' })
    .max(1_000_000)
    .default(1),
  pageSize: pageSizeSchema.default(50),
};

/**
 * `cursor` and `limit` of a list paged newest first over a table's own sequence (the audit log,
 * an endpoint's deliveries): the cursor is the `nextCursor` the previous page answered.
 */
export function seqPageQuery(limits: { max: number; default: number }) {
  return {
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, { error: 'must be the nextCursor of a previous page' })
      .optional()
      .openapi({ description: '`nextCursor` of the previous page' }),
    limit: z.coerce
      .number({ error: 'must be a whole number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be 1 or more' })
      .max(limits.max, { error: `must be at most ${limits.max}` })
      .default(limits.default),
  };
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

/**
 * CHF per unit of a currency, as the decimal string it is written in (never a float), at most
 * 8 decimals, above zero: one schema for every route that takes a rate.
 */
export const rateSchema = z
  .string()
  .regex(ratePattern, { error: 'must be a positive decimal such as "0.9412" (CHF per unit), at most 8 decimals' })
  .refine(isRate, { error: 'must be positive' });
