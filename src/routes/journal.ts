// The journal: list, detail, manual entries, reversals, trial balance and CSV export.
import { z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { dateSchema, idParamSchema, json, jsonBody, pageQuerySchema } from '../http/schemas.js';
import { accountTotals } from '../ledger/balances.js';
import { csvBom, csvHeaderRow, csvRows } from '../ledger/export-csv.js';
import { getEntries, getEntry, listEntryIds } from '../ledger/read-entries.js';
import { swissToday } from '../services/context.js';
import { postManualEntry } from '../services/post-manual-entry.js';
import { reverseJournalEntry } from '../services/reverse-journal-entry.js';
import { lockPeriod } from '../services/lock-period.js';
import { accountTotalsSchema, entryFilterSchema, entrySchema, manualEntrySchema } from './journal-schemas.js';

export const journalRoutes = createRouter();

journalRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/journal/entries',
    tags: ['ledger'],
    summary: 'List journal entries by date and booking order',
    request: { query: entryFilterSchema.extend(pageQuerySchema) },
    responses: {
      200: json(
        z.object({ items: z.array(entrySchema), page: z.number(), pageSize: z.number(), total: z.number() }),
        'A page of entries',
      ),
    },
  }),
  async (c) => {
    const { page, pageSize, ...filter } = c.req.valid('query');
    const { db } = c.get('deps');
    const { tenantId } = c.get('auth');
    const { ids, total } = await listEntryIds(db, tenantId, filter, {
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return c.json({ items: await getEntries(db, tenantId, ids), page, pageSize, total }, 200);
  },
);

journalRoutes.openapi(
  apiRoute('journal:read', ['not_found'], {
    method: 'get',
    path: '/journal/entries/{id}',
    tags: ['ledger'],
    summary: 'One journal entry with its lines',
    request: { params: idParamSchema },
    responses: { 200: json(entrySchema, 'The entry') },
  }),
  async (c) => {
    const entry = await getEntry(c.get('deps').db, c.get('auth').tenantId, c.req.valid('param').id);
    if (!entry) throw notFound('The journal entry');
    return c.json(entry, 200);
  },
);

journalRoutes.openapi(
  apiRoute(
    'journal:write',
    [
      'account_unknown',
      'entry_unbalanced',
      'period_closed',
      'currency_unknown',
      'amount_invalid',
      'idempotency_key_reused',
    ],
    {
      method: 'post',
      path: '/journal/manual-entries',
      tags: ['ledger'],
      summary: 'Post a manual entry (provider fees, corrections)',
      description: 'Example: debit 6940 / credit 1029 CHF 3.40 "Saferpay fees March".',
      request: { body: jsonBody(manualEntrySchema) },
      responses: {
        201: json(entrySchema, 'Booked'),
        200: json(entrySchema, 'Booked before under the same idempotency key; nothing new was booked'),
      },
    },
  ),
  async (c) => {
    const { entry, created } = await postManualEntry({ ctx: serviceContext(c), input: c.req.valid('json') });
    return c.json(entry, created ? 201 : 200);
  },
);

journalRoutes.openapi(
  apiRoute('journal:write', ['not_found', 'entry_already_reversed', 'period_closed'], {
    method: 'post',
    path: '/journal/entries/{id}/reverse',
    tags: ['ledger'],
    summary: 'Reverse an entry with its mirror entry',
    request: {
      params: idParamSchema,
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.strictObject({
              date: dateSchema.optional(),
              text: z.string().trim().min(1).max(500).optional(),
            }),
          },
        },
      },
    },
    responses: {
      201: json(entrySchema, 'The reversal'),
      200: json(entrySchema, 'Reversed before; the existing reversal'),
    },
  }),
  async (c) => {
    const body = c.req.valid('json') ?? {};
    const { entry, created } = await reverseJournalEntry({
      ctx: serviceContext(c),
      input: { entryId: c.req.valid('param').id, ...body },
    });
    return c.json(entry, created ? 201 : 200);
  },
);

journalRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/journal/trial-balance',
    tags: ['ledger'],
    summary: 'Trial balance per account, in CHF and per currency, up to a date (default today)',
    request: { query: z.object({ from: dateSchema.optional(), date: dateSchema.optional() }) },
    responses: {
      200: json(
        z.object({
          date: z.string(),
          accounts: z.array(accountTotalsSchema),
          totalDebitChf: z.number(),
          totalCreditChf: z.number(),
        }),
        'Trial balance',
      ),
    },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const date = query.date ?? swissToday(c.get('deps').now());
    const rows = await accountTotals(c.get('deps').db, c.get('auth').tenantId, {
      from: query.from,
      to: date,
    });
    const totalDebitChf = rows.reduce((sum, row) => sum + row.debitChf, 0);
    const totalCreditChf = rows.reduce((sum, row) => sum + row.creditChf, 0);
    return c.json({ date, accounts: rows, totalDebitChf, totalCreditChf }, 200);
  },
);

const exportBatch = 500;

journalRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/journal/export.csv',
    tags: ['ledger'],
    summary: 'The journal as CSV (UTF-8 with BOM, `;`-separated, one row per line)',
    request: { query: entryFilterSchema },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
  }),
  (c) => {
    const filter = c.req.valid('query');
    const { db } = c.get('deps');
    const { tenantId } = c.get('auth');
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="journal-${swissToday(c.get('deps').now())}.csv"`);
    return stream(c, async (out) => {
      await out.write(csvBom + csvHeaderRow());
      for (let offset = 0; ; offset += exportBatch) {
        const { ids } = await listEntryIds(db, tenantId, filter, { limit: exportBatch, offset });
        if (ids.length === 0) break;
        await out.write(csvRows(await getEntries(db, tenantId, ids)));
        if (ids.length < exportBatch) break;
      }
    });
  },
);

journalRoutes.openapi(
  apiRoute('journal:write', ['conflict'], {
    method: 'post',
    path: '/journal/period-lock',
    tags: ['ledger'],
    summary: 'Lock the journal up to a day (a month, a VAT quarter); only forward — unlocking is an admin’s setting',
    description:
      'Manual entries dated on or before it get 422 period_closed; automatic bookings (bank payments, payouts) dated in it ' +
      'are booked on the first open day with a note naming the original date. Audited.',
    request: { body: jsonBody(z.strictObject({ until: dateSchema })) },
    responses: { 200: json(z.object({ closedUntil: z.string() }), 'Locked') },
  }),
  async (c) => c.json(await lockPeriod({ ctx: serviceContext(c), input: c.req.valid('json') }), 200),
);
