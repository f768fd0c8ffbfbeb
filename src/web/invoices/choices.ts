// What the invoice forms offer to choose from: the tenant's currencies, contacts, revenue
// accounts and payment services. Small indexed reads, bounded in size.
import { and, asc, eq, ilike, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { accounts, connections, contacts } from '../../db/schema.js';
import { qrBillCurrencies } from '../../documents/qr-bill-data.js';
import { contactName } from '../../invoices/document.js';

/** An invoice can be paid by QR-bill (CHF, EUR) or through a payment service's contract. */
export async function tenantCurrencies(db: Queryable, tenantId: string): Promise<string[]> {
  const rows = await db.select({ currencies: connections.currencies }).from(connections).where(eq(connections.tenantId, tenantId));
  const all = new Set<string>(qrBillCurrencies);
  for (const row of rows) for (const currency of row.currencies) all.add(currency);
  return [...all].sort((a, b) => (a === 'CHF' ? -1 : b === 'CHF' ? 1 : a.localeCompare(b)));
}

export const pickerSize = 100;

const sortName = sql`lower(coalesce(${contacts.companyName}, ${contacts.lastName} || ' ' || ${contacts.firstName}))`;

/** Contacts for a picker: those matching `search` (name, company, e-mail), by name, at most `pickerSize`. */
export async function contactChoices(db: Queryable, tenantId: string, search = '', include?: string | null) {
  const conditions = [eq(contacts.tenantId, tenantId)];
  const pattern = search.trim() ? `%${search.trim().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
  if (pattern) {
    conditions.push(
      or(ilike(contacts.companyName, pattern), ilike(contacts.firstName, pattern), ilike(contacts.lastName, pattern), ilike(contacts.email, pattern))!,
    );
  }
  const rows = await db.select().from(contacts).where(and(...conditions)).orderBy(sortName, asc(contacts.id)).limit(pickerSize);
  // The contact already chosen stays selectable whatever the search found.
  if (include && !rows.some((row) => row.id === include)) {
    const [chosen] = await db.select().from(contacts).where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, include)));
    if (chosen) rows.unshift(chosen);
  }
  return rows.map((row) => ({ value: row.id, label: `${contactName(row)} · ${row.postalCode} ${row.city}` }));
}

export async function revenueAccounts(db: Queryable, tenantId: string) {
  return db
    .select({ number: accounts.number, name: accounts.name })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.kind, 'revenue')))
    .orderBy(asc(accounts.number));
}

export async function tenantConnections(db: Queryable, tenantId: string) {
  return db
    .select({
      id: connections.id,
      label: connections.label,
      provider: connections.provider,
      environment: connections.environment,
      currencies: connections.currencies,
    })
    .from(connections)
    .where(eq(connections.tenantId, tenantId))
    .orderBy(asc(connections.createdAt));
}
