// A fingerprint of everything one tenant holds, every column of every row: equal before and
// after a request means the request changed nothing. Cheap enough to take after each request
// of a fuzz run (a tenant of a few hundred rows).
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../../src/db/client.js';
import { tenants } from '../../../src/db/schema.js';

const tenantTables = [
  'users',
  'api_keys',
  'accounts',
  'journal_entries',
  'journal_lines',
  'audit_log',
  'contacts',
  'invoices',
  'invoice_number_sequences',
  'connections',
  'pay_links',
  'outbox_messages',
  'payment_attempts',
  'provider_events',
  'refunds',
] as const;

const invoiceTables = ['invoice_lines', 'invoice_payment_services'] as const;

/** Table → fingerprint of the tenant's rows in it. */
export type TenantDigest = Record<string, string>;

export async function tenantDigest(db: Database, tenantId: string): Promise<TenantDigest> {
  const rowsOf = (table: string, filter: ReturnType<typeof sql>) =>
    sql`${table}::text, md5((select coalesce(string_agg(t::text, ',' order by t::text), '') from ${sql.identifier(table)} t where ${filter}))`;
  const parts = [
    rowsOf('tenants', sql`t.id = ${tenantId}`),
    ...tenantTables.map((table) => rowsOf(table, sql`t.tenant_id = ${tenantId}`)),
    ...invoiceTables.map((table) => rowsOf(table, sql`t.invoice_id in (select id from invoices where tenant_id = ${tenantId})`)),
  ];
  const [row] = await db
    .select({ digest: sql<TenantDigest | string>`json_build_object(${sql.join(parts, sql`, `)})` })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  if (!row) throw new Error(`no tenant ${tenantId}`);
  // postgres.js parses json; PGlite too, but a driver may hand it over as text.
  return typeof row.digest === 'string' ? (JSON.parse(row.digest) as TenantDigest) : row.digest;
}

/** The tables whose rows differ between two digests. */
export const changedTables = (before: TenantDigest, after: TenantDigest) => Object.keys(after).filter((table) => before[table] !== after[table]);
