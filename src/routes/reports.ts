// Reports as CSV: the trial balance at a date, the system account's open items (see
// reconciliation.ts, ?format=csv) and fees per payment service and month.
import { z } from '@hono/zod-openapi';
import { apiRoute, createRouter } from '../http/router.js';
import { dateSchema } from '../http/schemas.js';
import { feesCsv, trialBalanceCsv } from '../reconciliation/reports-csv.js';
import { swissToday } from '../services/context.js';

export const reportRoutes = createRouter();

const csvResponse = (description: string) => ({ description, content: { 'text/csv': { schema: z.string() } } });
const csvHeaders = (name: string) => ({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });

reportRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/reports/trial-balance.csv',
    operationId: 'exportTrialBalance',
    tags: ['ledger'],
    summary: 'Trial balance at a date (default today) as CSV: UTF-8 with BOM, `;`, decimals',
    request: { query: z.object({ date: dateSchema.optional() }) },
    responses: { 200: csvResponse('The trial balance') },
  }),
  async (c) => {
    const date = c.req.valid('query').date ?? swissToday(c.get('deps').now());
    return c.body(await trialBalanceCsv(c.get('deps').db, c.get('auth').tenantId, date), 200, csvHeaders(`trial-balance-${date}.csv`));
  },
);

reportRoutes.openapi(
  apiRoute('journal:read', [], {
    method: 'get',
    path: '/reports/fees.csv',
    operationId: 'exportProviderFees',
    tags: ['ledger'],
    summary: 'Fees (6940) per payment service and month as CSV: UTF-8 with BOM, `;`, decimals',
    responses: { 200: csvResponse('Fees per payment service and month') },
  }),
  async (c) => c.body(await feesCsv(c.get('deps').db, c.get('auth').tenantId), 200, csvHeaders('fees.csv')),
);
