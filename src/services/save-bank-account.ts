// Adds a bank account statements may be imported for, or changes its ledger account.
// The ledger account must be an asset account: it is debited when money comes in. Audited.
import { and, eq } from 'drizzle-orm';
import { withTransaction } from '../db/client.js';
import { accounts, auditLog, bankAccounts } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { ServiceContext } from './context.js';

export async function saveBankAccount({ ctx, input }: { ctx: ServiceContext; input: { iban: string; ledgerAccount: string; label: string | null } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [account] = await tx
      .select({ kind: accounts.kind })
      .from(accounts)
      .where(and(eq(accounts.tenantId, ctx.tenantId), eq(accounts.number, input.ledgerAccount)));
    if (account?.kind !== 'asset') {
      throw new DomainError('account_unknown', 'The ledger account of a bank account must be an existing asset account.', {
        errors: [{ field: 'ledgerAccount', message: `${input.ledgerAccount} is not an asset account of this tenant` }],
      });
    }
    const [saved] = await tx
      .insert(bankAccounts)
      .values({ tenantId: ctx.tenantId, ...input })
      .onConflictDoUpdate({ target: [bankAccounts.tenantId, bankAccounts.iban], set: { ledgerAccount: input.ledgerAccount, label: input.label } })
      .returning({ iban: bankAccounts.iban, ledgerAccount: bankAccounts.ledgerAccount, label: bankAccounts.label });
    await tx.insert(auditLog).values({ tenantId: ctx.tenantId, actorUserId: ctx.userId, action: 'bank_account.saved', details: saved! });
    return saved!;
  });
}
