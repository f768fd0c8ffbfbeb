// The chart of accounts and account balances.
import { z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { accounts } from '../db/schema.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { accountNumberSchema, dateSchema, json, jsonBody } from '../http/schemas.js';
import { accountBalance } from '../ledger/balances.js';
import { createAccount, renameAccount } from '../services/manage-accounts.js';
import { swissToday } from '../services/context.js';
import { accountTotalsSchema } from './journal-schemas.js';

export const accountRoutes = createRouter();

const kinds = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
const accountSchema = z
  .object({ number: z.string(), name: z.string(), kind: z.enum(kinds) })
  .openapi('Account');
const numberParam = z.object({
  number: accountNumberSchema.openapi({ param: { name: 'number', in: 'path' } }),
});
const nameSchema = z.string().trim().min(1).max(100);
/** Also the back office's chart of accounts (web/settings). */
export const accountCreateSchema = z.strictObject({ number: accountNumberSchema, name: nameSchema, kind: z.enum(kinds) });
export const accountRenameSchema = z.strictObject({ name: nameSchema });
const toAccount = ({ number, name, kind }: typeof accounts.$inferSelect) => ({ number, name, kind });

accountRoutes.openapi(
  apiRoute('accounts:read', [], {
    method: 'get',
    path: '/accounts',
    operationId: 'listAccounts',
    tags: ['ledger'],
    summary: 'The chart of accounts',
    responses: { 200: json(z.object({ items: z.array(accountSchema) }), 'Accounts by number') },
  }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.select()
      .from(accounts)
      .where(eq(accounts.tenantId, c.get('auth').tenantId))
      .orderBy(asc(accounts.number));
    return c.json({ items: rows.map(toAccount) }, 200);
  },
);

accountRoutes.openapi(
  apiRoute('accounts:manage', ['account_exists'], {
    method: 'post',
    path: '/accounts',
    operationId: 'createAccount',
    tags: ['ledger'],
    summary: 'Add an account',
    request: {
      body: jsonBody(accountCreateSchema),
    },
    responses: { 201: json(accountSchema, 'The new account') },
  }),
  async (c) =>
    c.json(toAccount(await createAccount({ ctx: serviceContext(c), input: c.req.valid('json') })), 201),
);

accountRoutes.openapi(
  apiRoute('accounts:manage', ['not_found'], {
    method: 'patch',
    path: '/accounts/{number}',
    operationId: 'renameAccount',
    tags: ['ledger'],
    summary: 'Rename an account',
    request: { params: numberParam, body: jsonBody(accountRenameSchema) },
    responses: { 200: json(accountSchema, 'The renamed account') },
  }),
  async (c) => {
    const input = { number: c.req.valid('param').number, name: c.req.valid('json').name };
    return c.json(toAccount(await renameAccount({ ctx: serviceContext(c), input })), 200);
  },
);

accountRoutes.openapi(
  apiRoute('journal:read', ['not_found'], {
    method: 'get',
    path: '/accounts/{number}/balance',
    operationId: 'getAccountBalance',
    tags: ['ledger'],
    summary: 'Balance of an account at the end of a day (default today)',
    request: { params: numberParam, query: z.object({ date: dateSchema.optional() }) },
    responses: { 200: json(accountTotalsSchema.extend({ date: z.string() }), 'Totals up to the date') },
  }),
  async (c) => {
    const { tenantId } = c.get('auth');
    const { number } = c.req.valid('param');
    const date = c.req.valid('query').date ?? swissToday(c.get('deps').now());
    const db = c.get('deps').db;
    const [account] = await db
      .select()
      .from(accounts)
      .where(and(eq(accounts.tenantId, tenantId), eq(accounts.number, number)));
    if (!account) throw notFound(`Account ${number}`);
    const totals = (await accountBalance(db, tenantId, number, date)) ?? {
      account: number,
      name: account.name,
      debitChf: 0,
      creditChf: 0,
      balanceChf: 0,
      byCurrency: [],
    };
    return c.json({ ...totals, date }, 200);
  },
);
