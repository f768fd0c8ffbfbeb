// Which of the tenant's bank accounts a statement is for, and the ledger account it books
// on. The tenant's own IBAN (the one on its invoices) counts as a bank account on 1020
// without being entered again; further accounts (another currency, a second bank) are
// listed in bank_accounts with their ledger account.
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { bankAccounts, tenants } from '../db/schema.js';
import { accountNumbers } from '../ledger/chart.js';

export async function bankAccountOf(db: Queryable, tenantId: string, iban: string): Promise<{ iban: string; ledgerAccount: string } | null> {
  const [listed] = await db
    .select({ iban: bankAccounts.iban, ledgerAccount: bankAccounts.ledgerAccount })
    .from(bankAccounts)
    .where(and(eq(bankAccounts.tenantId, tenantId), eq(bankAccounts.iban, iban)));
  if (listed) return listed;
  const [tenant] = await db.select({ iban: tenants.iban }).from(tenants).where(eq(tenants.id, tenantId));
  return tenant?.iban === iban ? { iban, ledgerAccount: accountNumbers.bank } : null;
}
