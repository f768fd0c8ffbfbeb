// Admins add accounts to the chart and rename them; numbers never change once used.
import { and, eq } from 'drizzle-orm';
import { accounts } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { AccountKind } from '../ledger/chart.js';
import type { ServiceContext } from './context.js';

export async function createAccount({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { number: string; name: string; kind: AccountKind };
}) {
  const [row] = await ctx.db
    .insert(accounts)
    .values({ tenantId: ctx.tenantId, ...input })
    .onConflictDoNothing()
    .returning();
  if (!row) {
    throw new DomainError('account_exists', `Account ${input.number} exists already; rename it instead.`, {
      errors: [{ field: 'number', message: 'already in the chart of accounts' }],
    });
  }
  return row;
}

export async function renameAccount({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { number: string; name: string };
}) {
  const [row] = await ctx.db
    .update(accounts)
    .set({ name: input.name })
    .where(and(eq(accounts.tenantId, ctx.tenantId), eq(accounts.number, input.number)))
    .returning();
  if (!row) throw notFound(`Account ${input.number}`);
  return row;
}
