// The back office's invoice list: filters, one page by a stable key (invoice date, id), and
// the totals per currency of everything the filters select. The page walks the index
// invoices_tenant_date_idx (or invoices_contact_date_idx for one contact) and stops after a
// page; nothing counts the tenant's history. The totals are one grouped sum in SQL.
import { type SQL, and, desc, eq, gte, isNotNull, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.js';
import { contacts, invoiceStatuses, invoices } from '../../db/schema.js';
import { dateSchema, uuidSchema } from '../../http/schemas.js';
import type { FieldErrors } from '../components.js';

export const invoicePageSize = 50;

export interface InvoiceFilters {
  status?: (typeof invoiceStatuses)[number];
  contactId?: string;
  from?: string;
  to?: string;
  currency?: string;
  flagged?: boolean;
  /** The last row of the previous page: `2026-03-31~<id>`. */
  after?: { invoiceDate: string; id: string };
}

/** The filters of a GET form; a value that is not one is named in `errors` and left out. */
export function readInvoiceFilters(query: Record<string, string | undefined>, currencies: readonly string[]) {
  const filters: InvoiceFilters = {};
  const errors: FieldErrors = {};
  const value = (name: string) => query[name]?.trim() || undefined;
  const status = value('status');
  if (status) {
    if ((invoiceStatuses as readonly string[]).includes(status)) filters.status = status as InvoiceFilters['status'];
    else errors.status = status;
  }
  const contactId = value('contactId');
  if (contactId) {
    if (uuidSchema.safeParse(contactId).success) filters.contactId = contactId;
    else errors.contactId = contactId;
  }
  for (const name of ['from', 'to'] as const) {
    const day = value(name);
    if (!day) continue;
    if (dateSchema.safeParse(day).success) filters[name] = day;
    else errors[name] = day;
  }
  const currency = value('currency');
  if (currency) {
    if (currencies.includes(currency)) filters.currency = currency;
    else errors.currency = currency;
  }
  if (value('flagged') === 'yes') filters.flagged = true;
  const after = /^(\d{4}-\d{2}-\d{2})~([0-9a-f-]{36})$/.exec(value('after') ?? '');
  if (after && dateSchema.safeParse(after[1]).success && uuidSchema.safeParse(after[2]).success) {
    filters.after = { invoiceDate: after[1]!, id: after[2]! };
  }
  return { filters, errors };
}

function conditionsOf(tenantId: string, filters: InvoiceFilters): SQL[] {
  const conditions: SQL[] = [eq(invoices.tenantId, tenantId)];
  if (filters.status) conditions.push(eq(invoices.status, filters.status));
  if (filters.contactId) conditions.push(eq(invoices.contactId, filters.contactId));
  if (filters.from) conditions.push(gte(invoices.invoiceDate, filters.from));
  if (filters.to) conditions.push(lte(invoices.invoiceDate, filters.to));
  if (filters.currency) conditions.push(eq(invoices.currency, filters.currency));
  if (filters.flagged) conditions.push(isNotNull(invoices.flagReason));
  return conditions;
}

/** One page and one row more (to know whether a next page exists), newest invoice date first. */
export function invoicePageQuery(db: Queryable, tenantId: string, filters: InvoiceFilters, pageSize = invoicePageSize) {
  const conditions = conditionsOf(tenantId, filters);
  if (filters.after) {
    conditions.push(sql`(${invoices.invoiceDate}, ${invoices.id}) < (${filters.after.invoiceDate}::date, ${filters.after.id}::uuid)`);
  }
  return db
    .select({
      id: invoices.id,
      number: invoices.number,
      status: invoices.status,
      currency: invoices.currency,
      invoiceDate: invoices.invoiceDate,
      dueDate: invoices.dueDate,
      total: invoices.total,
      paidAmount: invoices.paidAmount,
      flagReason: invoices.flagReason,
      companyName: contacts.companyName,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
    })
    .from(invoices)
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(...conditions))
    .orderBy(desc(invoices.invoiceDate), desc(invoices.id))
    .limit(pageSize + 1);
}

export async function listInvoicePage(db: Queryable, tenantId: string, filters: InvoiceFilters, pageSize = invoicePageSize) {
  const rows = await invoicePageQuery(db, tenantId, filters, pageSize);
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return { rows: page, next: rows.length > pageSize && last ? `${last.invoiceDate}~${last.id}` : null };
}

// What is still owed, as owedAmount (documents/payment-part.ts) decides it for one invoice.
const openAmount = sql<number>`case when ${invoices.status} in ('paid', 'refunded', 'cancelled') then 0 else greatest(${invoices.total} - ${invoices.paidAmount}, 0) end`;

/** Totals per currency of all invoices the filters select (not only the page shown). */
export async function invoiceTotals(db: Queryable, tenantId: string, filters: InvoiceFilters) {
  const rows = await db
    .select({
      currency: invoices.currency,
      total: sql<string>`sum(${invoices.total})`,
      open: sql<string>`sum(${openAmount})`,
    })
    .from(invoices)
    .where(and(...conditionsOf(tenantId, filters)))
    .groupBy(invoices.currency)
    .orderBy(invoices.currency);
  // Sums of bigint come back as text; every amount is bounded far inside the safe range.
  return rows.map((row) => ({ currency: row.currency, total: Number(row.total), open: Number(row.open) }));
}
