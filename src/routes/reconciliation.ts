// Reconciliation: payout proposals and their acceptance, manual booking of unmatched bank
// lines, the system account at a glance, and how each connection's payouts are recognised.
import { z } from '@hono/zod-openapi';
import { payoutProposals } from '../db/schema.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { accountNumberSchema, dateSchema, idParamSchema, json, rateSchema, uuidSchema } from '../http/schemas.js';
import { listPayoutProposals } from '../reconciliation/read-lines.js';
import { openItemsCsv, systemAccountView } from '../reconciliation/system-account.js';
import { acceptPayoutProposal } from '../services/accept-payout-proposal.js';
import { bookBankEntry } from '../services/book-bank-entry.js';
import { swissToday } from '../services/context.js';
import { savePayoutRecognition } from '../services/save-payout-recognition.js';
import { bankEntrySchema } from './bank-statements.js';

export const reconciliationRoutes = createRouter();

/** Also the back office's payout recognition form (web/settings): one set of rules for both. */
export const payoutRecognitionSchema = z.strictObject({
  ibans: z.array(z.string().transform((v) => v.replaceAll(' ', '').toUpperCase())).max(20).default([]).openapi({ description: 'Counterparty IBANs the provider pays out from' }),
  patterns: z.array(z.string().trim().min(3).max(100)).max(20).default([]).openapi({ description: 'Words in the payer name or text, matched case-insensitively as plain text' }),
  windowDays: z.number().int().min(1).max(366).optional().openapi({ description: 'Items up to this many days before the payout (default 31)' }),
  payoutAfterDays: z.number().int().min(1).max(366).optional().openapi({ description: 'A booked payment not paid out after this many days is listed (default 7)' }),
});


const proposalSchema = z
  .object({
    id: z.string(),
    bankEntryId: z.string(),
    connectionId: z.string(),
    currency: z.string(),
    attemptIds: z.array(z.string()),
    feeEntryIds: z.array(z.string()).openapi({ description: 'Manual entries of fees on the system account that this payout settles instead of booking them again' }),
    itemsTotal: z.number(),
    payoutAmount: z.number(),
    reason: z.string(),
    status: z.enum(['open', 'accepted']),
    journalEntryId: z.string().nullable(),
  })
  .openapi('PayoutProposal');

const toProposal = (row: typeof payoutProposals.$inferSelect) => ({
  id: row.id,
  bankEntryId: row.bankEntryId,
  connectionId: row.connectionId,
  currency: row.currency,
  attemptIds: row.attemptIds,
  feeEntryIds: row.feeEntryIds,
  itemsTotal: row.itemsTotal,
  payoutAmount: row.payoutAmount,
  reason: row.reason,
  status: row.status,
  journalEntryId: row.journalEntryId,
});

reconciliationRoutes.openapi(
  apiRoute('reconciliation:manage', [], {
    method: 'get',
    path: '/reconciliation/proposals',
    operationId: 'listReconciliationProposals',
    tags: ['reconciliation'],
    summary: 'Payout proposals: which open system-account items a provider payout covers, and why',
    request: { query: z.object({ status: z.enum(['open', 'accepted']).default('open') }) },
    responses: { 200: json(z.object({ items: z.array(proposalSchema) }), 'Proposals') },
  }),
  async (c) => {
    const rows = await listPayoutProposals(c.get('deps').db, c.get('auth').tenantId, { status: c.req.valid('query').status, limit: 500 });
    return c.json({ items: rows.map(toProposal) }, 200);
  },
);

reconciliationRoutes.openapi(
  apiRoute('reconciliation:manage', ['not_found', 'conflict', 'amount_invalid', 'rate_missing', 'period_closed', 'account_unknown'], {
    method: 'post',
    path: '/reconciliation/proposals/{id}/accept',
    operationId: 'acceptReconciliationProposal',
    tags: ['reconciliation'],
    summary: 'Accept a payout proposal, optionally with items added or removed',
    description:
      'Books debit bank / credit system account for the gross of the items, the difference to the payout on 6940 fees; ' +
      'for a foreign-currency payout, the difference between the items’ booked CHF value and the gross at the day’s rate on 6960. ' +
      'Fees a bookkeeper entered by hand before (debit 6940, credit the system account) are not booked again: the payout credits the system account that much less.',
    request: {
      params: idParamSchema,
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.strictObject({
              add: z.array(uuidSchema).max(1000).optional().openapi({ description: 'Payment ids (open items) to add' }),
              remove: z.array(uuidSchema).max(1000).optional().openapi({ description: 'Payment ids to leave open' }),
              rate: rateSchema.optional().openapi({ description: 'CHF per unit of a foreign payout currency on the payout day' }),
            }),
          },
        },
      },
    },
    responses: {
      200: json(
        z.object({
          proposal: proposalSchema,
          journalEntryId: z.string(),
          fxEntryId: z.string().nullable(),
          fees: z.number().openapi({ description: 'Fee residual booked on 6940 by this payout' }),
          feesEnteredBefore: z.number().openapi({ description: 'Part of the residual already entered by hand (6940 / system account) and not booked again' }),
        }),
        'Booked',
      ),
    },
  }),
  async (c) => {
    const body = c.req.valid('json') ?? {};
    const result = await acceptPayoutProposal({ ctx: serviceContext(c), input: { proposalId: c.req.valid('param').id, ...body } });
    return c.json({ ...result, proposal: toProposal(result.proposal) }, 200);
  },
);

reconciliationRoutes.openapi(
  apiRoute('reconciliation:manage', ['not_found', 'conflict', 'account_unknown', 'period_closed', 'amount_invalid', 'currency_unknown'], {
    method: 'post',
    path: '/reconciliation/entries/{id}/book',
    operationId: 'bookBankEntry',
    tags: ['reconciliation'],
    summary: 'Book an unmatched bank line against one account (the bank side is the line itself)',
    request: {
      params: idParamSchema,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: z.strictObject({
              account: accountNumberSchema,
              text: z.string().trim().min(1).max(500).optional(),
              date: dateSchema.optional().openapi({ description: 'Default: the booking date of the line' }),
              rate: rateSchema.optional().openapi({ description: 'CHF per unit, for a line in another currency' }),
            }),
          },
        },
      },
    },
    responses: { 200: json(bankEntrySchema, 'Booked') },
  }),
  async (c) => {
    const { tenantId: _t, identity: _i, createdAt: _c, updatedAt: _u, ...line } = await bookBankEntry({
      ctx: serviceContext(c),
      input: { entryId: c.req.valid('param').id, ...c.req.valid('json') },
    });
    return c.json(line, 200);
  },
);

const openItemSchema = z.object({
  attemptId: z.string(),
  invoiceId: z.string(),
  invoiceNumber: z.string().nullable(),
  connectionId: z.string(),
  provider: z.string(),
  label: z.string(),
  currency: z.string(),
  amount: z.number(),
  amountChf: z.number(),
  date: z.string(),
  ageDays: z.number(),
  overdue: z.boolean(),
});

reconciliationRoutes.openapi(
  apiRoute('reconciliation:manage', [], {
    method: 'get',
    path: '/reconciliation/system-account',
    operationId: 'getSystemAccountOpenItems',
    tags: ['reconciliation'],
    summary: 'The system account at a glance: open items per provider and currency, and what should be empty',
    description: 'With `?format=csv` the open items as CSV (UTF-8 with BOM, `;`, amounts as decimals).',
    request: { query: z.object({ format: z.enum(['json', 'csv']).default('json') }) },
    responses: {
      200: {
        description: 'The system account; with `?format=csv` its open items as CSV',
        content: {
          'application/json': { schema: z.object({
          account: z.string(),
          balanceChf: z.number(),
          openItemsChf: z.number(),
          groups: z.array(
            z.object({ connectionId: z.string(), provider: z.string(), label: z.string(), currency: z.string(), total: z.number(), totalChf: z.number(), items: z.array(openItemSchema) }),
          ),
          capturedNotBooked: z.array(
            z.object({ id: z.string(), invoiceId: z.string(), provider: z.string(), amount: z.number(), currency: z.string().nullable(), capturedAt: z.string() }),
          ),
          bookedNotPaidOut: z.array(openItemSchema),
          feesBooked: z
            .array(z.object({ entryId: z.string(), date: z.string(), text: z.string(), currency: z.string(), amount: z.number(), amountChf: z.number() }))
            .openapi({ description: 'Fees booked by hand on the system account (negative) that no payout has settled yet; open items too.' }),
        }) },
          'text/csv': { schema: z.string() },
        },
      },
    },
  }),
  async (c) => {
    const view = await systemAccountView(c.get('deps').db, c.get('auth').tenantId, swissToday(c.get('deps').now()));
    if (c.req.valid('query').format === 'csv') {
      return c.body(openItemsCsv(view), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="system-account-open-items.csv"`,
      }) as never;
    }
    return c.json(view, 200);
  },
);

reconciliationRoutes.openapi(
  apiRoute('connections:manage', ['not_found'], {
    method: 'put',
    path: '/connections/{id}/payout-recognition',
    operationId: 'setPayoutRecognition',
    tags: ['reconciliation'],
    summary: "How this payment service's payouts are recognised on the bank statement",
    request: {
      params: idParamSchema,
      body: {
        required: true,
        content: {
          'application/json': {
            schema: payoutRecognitionSchema,
          },
        },
      },
    },
    responses: { 200: json(z.object({ ibans: z.array(z.string()).optional(), patterns: z.array(z.string()).optional(), windowDays: z.number().optional(), payoutAfterDays: z.number().optional() }), 'Saved') },
  }),
  async (c) => c.json(await savePayoutRecognition({ ctx: serviceContext(c), input: { connectionId: c.req.valid('param').id, recognition: c.req.valid('json') } }), 200),
);
