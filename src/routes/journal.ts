// The journal: list, detail, manual entries, reversals, trial balance and CSV export.
import { z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { dateSchema, idParamSchema, json, jsonBody, pageQuerySchema } from '../http/schemas.js';
import { accountTotals } from '../ledger/balances.js';
import { exportJournalCsv } from '../ledger/export-csv.js';
import { getEntry, listEntries, totalCap } from '../ledger/read-entries.js';
import { swissToday } from '../services/context.js';
import { postManualEntry } from '../services/post-manual-entry.js';
import { reverseJournalEntry } from '../services/reverse-journal-entry.js';
import { lockPeriod } from '../services/lock-period.js';
import { accountTotalsSchema, cursorQuerySchema, entryFilterSchema, entrySchema, manualEntrySchema } from './journal-schemas.js';

export const journalRoutes = createRouter();

journalRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/journal/entries',
    operationId: 'listJournalEntries',
    tags: ['ledger'],
    summary: 'List journal entries by date and booking order',
    description:
      'Page with `cursor`: send the previous answer\'s `nextCursor` (null on the last page); every page costs the same ' +
      'however deep it is. `page` still works for the first pages but skips entries one by one, so its cost grows with ' +
      `the depth. \`total\` counts up to ${totalCap} matching entries; beyond, it says ${totalCap} and \`totalIsExact\` is false.`,
    request: { query: entryFilterSchema.extend(pageQuerySchema).extend({ cursor: cursorQuerySchema }) },
    responses: {
      200: json(
        z.object({
          items: z.array(entrySchema),
          page: z.number(),
          pageSize: z.number(),
          total: z.number(),
          totalIsExact: z.boolean(),
          nextCursor: z.string().nullable(),
        }),
        'A page of entries',
      ),
    },
  }),
  async (c) => {
    const { page, pageSize, cursor, ...filter } = c.req.valid('query');
    const { db } = c.get('deps');
    const { tenantId } = c.get('auth');
    const result = await listEntries(db, tenantId, filter, {
      limit: pageSize,
      cursor: cursor ?? null,
      offset: cursor ? 0 : (page - 1) * pageSize,
    });
    return c.json({ ...result, page, pageSize }, 200);
  },
);

journalRoutes.openapi(
  apiRoute('journal:read', ['not_found'], {
    method: 'get',
    path: '/journal/entries/{id}',
    operationId: 'getJournalEntry',
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
      operationId: 'postManualEntry',
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
  apiRoute('journal:write', ['not_found', 'entry_already_reversed', 'period_closed', 'conflict'], {
    method: 'post',
    path: '/journal/entries/{id}/reverse',
    operationId: 'reverseJournalEntry',
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
    operationId: 'getTrialBalance',
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

journalRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/journal/export.csv',
    operationId: 'exportJournal',
    tags: ['ledger'],
    summary: 'The journal as CSV (UTF-8 with BOM, `;`-separated, one row per line)',
    description: 'Streamed in batches of entries in journal order: memory stays constant whatever the size.',
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
      for await (const chunk of exportJournalCsv(db, tenantId, filter)) await out.write(chunk);
    });
  },
);

journalRoutes.openapi(
  apiRoute('journal:write', ['conflict'], {
    method: 'post',
    path: '/journal/period-lock',
    operationId: 'lockPeriod',
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
