// The tenant's CHF rates by day: entered as JSON, imported as CSV, listed.
import { z } from '@hono/zod-openapi';
import { and, desc, eq } from 'drizzle-orm';
import { exchangeRates } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { currencySchema, dateSchema, json, jsonBody, rateSchema } from '../http/schemas.js';
import { normalizeRate } from '../ledger/read-entries.js';
import { parseRatesCsv, saveExchangeRates } from '../services/save-exchange-rates.js';

export const exchangeRateRoutes = createRouter();

const exchangeRateSchema = z.object({ currency: z.string(), date: z.string(), rate: z.string(), source: z.string() }).openapi('ExchangeRate');

exchangeRateRoutes.openapi(
  apiRoute('reconciliation:manage', [], {
    method: 'put',
    path: '/exchange-rates',
    operationId: 'setExchangeRates',
    tags: ['reconciliation'],
    summary: 'Enter CHF rates by currency and day (a rate for the same day replaces the old one)',
    request: {
      body: jsonBody(
        z.strictObject({
          rates: z
            .array(
              z.strictObject({
                currency: currencySchema.refine((code) => code !== 'CHF', { error: 'CHF has no rate to CHF' }),
                date: dateSchema,
                rate: rateSchema,
                source: z.string().trim().min(1).max(100).optional().openapi({ example: 'ESTV monthly average' }),
              }),
            )
            .min(1)
            .max(5000),
        }),
      ),
    },
    responses: { 200: json(z.object({ saved: z.number() }), 'Saved') },
  }),
  async (c) => c.json(await saveExchangeRates({ ctx: serviceContext(c), input: c.req.valid('json') }), 200),
);

exchangeRateRoutes.openapi(
  apiRoute('reconciliation:manage', ['unsupported_media_type'], {
    method: 'post',
    path: '/exchange-rates/import',
    operationId: 'importExchangeRates',
    tags: ['reconciliation'],
    summary: 'Import CHF rates from CSV (text/csv: currency;date;rate[;source] per line, a header line allowed)',
    request: { body: { required: true, content: { 'text/csv': { schema: z.string() } } } },
    responses: { 200: json(z.object({ saved: z.number() }), 'Saved; a file with a bad line saves nothing and names the line') },
  }),
  async (c) => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!/^text\/csv$/i.test(mediaType)) throw new DomainError('unsupported_media_type', `Send the rates as text/csv (Content-Type was "${mediaType || 'missing'}").`);
    return c.json(await saveExchangeRates({ ctx: serviceContext(c), input: { rates: parseRatesCsv(await c.req.text()) } }), 200);
  },
);

exchangeRateRoutes.openapi(
  apiRoute('reconciliation:manage', [], {
    method: 'get',
    path: '/exchange-rates',
    operationId: 'listExchangeRates',
    tags: ['reconciliation'],
    summary: 'CHF rates, newest first',
    request: { query: z.object({ currency: currencySchema.optional() }) },
    responses: { 200: json(z.object({ items: z.array(exchangeRateSchema) }), 'Rates') },
  }),
  async (c) => {
    const { currency } = c.req.valid('query');
    const rows = await c
      .get('deps')
      .db.select({ currency: exchangeRates.currency, date: exchangeRates.date, rate: exchangeRates.rate, source: exchangeRates.source })
      .from(exchangeRates)
      .where(and(eq(exchangeRates.tenantId, c.get('auth').tenantId), currency ? eq(exchangeRates.currency, currency) : undefined))
      .orderBy(desc(exchangeRates.date))
      .limit(1000);
    return c.json({ items: rows.map((row) => ({ ...row, rate: normalizeRate(row.rate) })) }, 200);
  },
);
