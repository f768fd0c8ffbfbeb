// A new tenant: its chart of accounts, its first admin and that admin's API key.
import type { Database } from '../db/client.js';
import { withTransaction } from '../db/client.js';
import { tenants } from '../db/schema.js';
import { seedChartOfAccounts } from '../ledger/chart.js';
import { issueApiKey } from './issue-api-key.js';
import { insertUser } from './create-user.js';

export interface CreateTenantInput {
  name: string;
  adminName: string;
  adminEmail: string;
  /** A key chosen by the operator (BOOTSTRAP_ADMIN_API_KEY); otherwise a fresh one. */
  apiKey?: string;
}

export async function createTenant({ db, input }: { db: Database; input: CreateTenantInput }) {
  return withTransaction(db, async (tx) => {
    const [tenant] = await tx.insert(tenants).values({ name: input.name }).returning();
    if (!tenant) throw new Error('tenant insert returned nothing');
    await seedChartOfAccounts(tx, tenant.id);
    // The operator (CLI, first start) acts here, not a user of the tenant: the audit names no actor.
    const admin = await insertUser(tx, tenant.id, { name: input.adminName, email: input.adminEmail, role: 'admin' }, null);
    const key = await issueApiKey(tx, {
      tenantId: tenant.id,
      userId: admin.id,
      label: 'first admin key',
      key: input.apiKey,
      actorUserId: null,
    });
    return { tenant, admin, apiKey: key.apiKey, apiKeyId: key.id };
  });
}
