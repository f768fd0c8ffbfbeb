// Bank statements in: camt.053/054 documents as the raw request body, the lines they
// brought, and the tenant's bank accounts the statements must be for.
import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { bankAccounts, bankEntries, bankEntryStatuses } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { accountNumberSchema, json, jsonBody, pageSizeSchema, uuidSchema } from '../http/schemas.js';
import { pageBankLines } from '../reconciliation/read-lines.js';
import { importBankStatement } from '../services/import-bank-statement.js';
import { saveBankAccount } from '../services/save-bank-account.js';

export const bankStatementRoutes = createRouter();

const xmlMediaType = /^(application|text)\/xml$/i;

export const bankEntrySchema = z
  .object({
    id: z.string(),
    statementId: z.string(),
    accountIban: z.string(),
    ledgerAccount: z.string(),
    entryRef: z.string().nullable(),
    detailIndex: z.number(),
    detailCount: z.number(),
    bookingDate: z.string(),
    valueDate: z.string().nullable(),
    amount: z.number().openapi({ description: 'Positive minor units; see direction' }),
    currency: z.string(),
    direction: z.enum(['credit', 'debit']),
    acctSvcrRef: z.string().nullable(),
    endToEndId: z.string().nullable(),
    reference: z.string().nullable(),
    referenceType: z.enum(['QRR', 'SCOR']).nullable(),
    remittanceText: z.string().nullable(),
    counterpartyName: z.string().nullable(),
    counterpartyIban: z.string().nullable(),
    status: z.enum(bankEntryStatuses),
    note: z.string().nullable(),
    invoiceId: z.string().nullable(),
    journalEntryId: z.string().nullable(),
  })
  .openapi('BankEntry');

const toEntry = ({ tenantId: _t, identity: _i, createdAt: _c, updatedAt: _u, ...entry }: typeof bankEntries.$inferSelect) => entry;

const importResultSchema = z.object({
  statements: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['camt.053', 'camt.054']),
      accountIban: z.string(),
      duplicate: z.boolean().openapi({ description: 'The statement (account, kind and id) was imported before' }),
      imported: z.number(),
      alreadyImported: z.number().openapi({ description: 'Lines imported before (same identity); not imported again' }),
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
      entries: z.array(bankEntrySchema),
    }),
  ),
});

bankStatementRoutes.openapi(
  apiRoute('reconciliation:manage', ['statement_invalid', 'bank_account_unknown', 'unsupported_media_type', 'payload_too_large'], {
    method: 'post',
    path: '/bank-statements',
    operationId: 'importBankStatement',
    tags: ['reconciliation'],
    summary: 'Import a camt.053 or camt.054 document (raw XML body, at most 10 MiB)',
    description:
      'The body is the ISO 20022 document itself, sent as `application/xml` (up to 10 MiB, unlike the 1 MiB of other routes). ' +
      'camt.053.001.02/04/08 and camt.054.001.02/04/08 are read; a document declaring a DOCTYPE or ENTITY is refused. ' +
      'A line is the same line again when the account IBAN and the bank\'s entry reference (Ntry/AcctSvcrRef) are the same, ' +
      'or, without that reference, when a hash of dates, amount, direction, references, counterparty and text and its ' +
      'occurrence in the file are: importing a statement again imports nothing twice. ' +
      'Credits with an invoice\'s QR or creditor reference pay the invoice; credits from a payment provider get a payout proposal.',
    request: { body: { required: true, content: { 'application/xml': { schema: z.string().openapi({ format: 'binary' }) } } } },
    responses: {
      201: json(importResultSchema, 'Imported; new lines are matched'),
      200: json(importResultSchema, 'Imported before: nothing new'),
    },
  }),
  async (c) => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!xmlMediaType.test(mediaType)) {
      throw new DomainError('unsupported_media_type', `Send the camt document as application/xml (Content-Type was "${mediaType || 'missing'}").`);
    }
    const { statements, created } = await importBankStatement({ ctx: serviceContext(c), input: { xml: await c.req.text() } });
    return c.json({ statements: statements.map((s) => ({ ...s, entries: s.entries.map(toEntry) })) }, created ? 201 : 200);
  },
);

bankStatementRoutes.openapi(
  apiRoute('reconciliation:manage', [], {
    method: 'get',
    path: '/bank-statements/entries',
    operationId: 'listBankEntries',
    tags: ['reconciliation'],
    summary: 'Imported bank lines, newest first, by status (unmatched: what a bookkeeper must book)',
    description:
      'Newest first by booking date, then by import. Page with `cursor`: send the previous answer\'s `nextCursor` ' +
      '(null on the last page). A line booked or matched meanwhile moves no other line to another page.',
    request: {
      query: z.object({
        status: z.enum(bankEntryStatuses).optional(),
        limit: pageSizeSchema.default(500),
        cursor: uuidSchema.optional().openapi({ description: "The previous page's `nextCursor`: the lines after it." }),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(bankEntrySchema), nextCursor: z.string().nullable() }), 'Lines') },
  }),
  async (c) => {
    const { status, limit, cursor } = c.req.valid('query');
    const page = await pageBankLines(c.get('deps').db, c.get('auth').tenantId, { status, limit, after: cursor });
    if (!page) {
      throw new DomainError('validation_failed', 'Check these fields: cursor.', {
        errors: [{ field: 'cursor', message: 'names no bank line: send nextCursor of the previous page as it is' }],
      });
    }
    return c.json({ items: page.lines.map(toEntry), nextCursor: page.nextCursor }, 200);
  },
);

/** Also the back office's bank accounts form (web/settings). */
export const bankAccountInputSchema = z.strictObject({
  iban: z
    .string()
    .transform((value) => value.replaceAll(' ', '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, { error: 'must be an IBAN' })),
  ledgerAccount: accountNumberSchema.default('1020'),
  label: z.string().trim().min(1).max(100).nullable().default(null),
});
const bankAccountSchema = z.object({ iban: z.string(), ledgerAccount: z.string(), label: z.string().nullable() }).openapi('BankAccount');

bankStatementRoutes.openapi(
  apiRoute('settings:manage', ['account_unknown'], {
    method: 'put',
    path: '/bank-accounts',
    operationId: 'saveBankAccount',
    tags: ['reconciliation'],
    summary: 'Add or change a bank account statements may be imported for (IBAN and ledger account, default 1020)',
    description: "The tenant's own IBAN (settings) counts as a bank account on 1020 without being added here.",
    request: {
      body: jsonBody(
        bankAccountInputSchema,
      ),
    },
    responses: { 200: json(bankAccountSchema, 'Saved') },
  }),
  async (c) => c.json(await saveBankAccount({ ctx: serviceContext(c), input: c.req.valid('json') }), 200),
);

bankStatementRoutes.openapi(
  apiRoute('reconciliation:manage', [], {
    method: 'get',
    path: '/bank-accounts',
    operationId: 'listBankAccounts',
    tags: ['reconciliation'],
    summary: "The tenant's bank accounts besides its own IBAN",
    responses: { 200: json(z.object({ items: z.array(bankAccountSchema) }), 'Accounts') },
  }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.select({ iban: bankAccounts.iban, ledgerAccount: bankAccounts.ledgerAccount, label: bankAccounts.label })
      .from(bankAccounts)
      .where(eq(bankAccounts.tenantId, c.get('auth').tenantId));
    return c.json({ items: rows }, 200);
  },
);
