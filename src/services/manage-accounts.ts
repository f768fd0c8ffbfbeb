// Admins add accounts to the chart and rename them; numbers never change once used. Both
// are audited in the same transaction as the change.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { withTransaction } from '../db/client.js';
import { accounts } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { AccountKind } from '../ledger/chart.js';
import type { ServiceContext } from './context.js';

export function createAccount({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { number: string; name: string; kind: AccountKind };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .insert(accounts)
      .values({ tenantId: ctx.tenantId, ...input })
      .onConflictDoNothing()
      .returning();
    if (!row) {
      throw new DomainError('account_exists', `Account ${input.number} exists already; rename it instead.`, {
        errors: [{ field: 'number', message: 'already in the chart of accounts' }],
      });
    }
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'account.created',
      details: { number: row.number, name: row.name, kind: row.kind },
    });
    return row;
  });
}

export function renameAccount({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { number: string; name: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const where = and(eq(accounts.tenantId, ctx.tenantId), eq(accounts.number, input.number));
    const [before] = await tx.select({ name: accounts.name }).from(accounts).where(where).for('update');
    if (!before) throw notFound(`Account ${input.number}`);
    const [row] = await tx.update(accounts).set({ name: input.name }).where(where).returning();
    if (!row) throw notFound(`Account ${input.number}`);
    if (before.name !== row.name) {
      await recordAudit(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'account.renamed',
        details: { number: row.number, from: before.name, to: row.name },
      });
    }
    return row;
  });
}
