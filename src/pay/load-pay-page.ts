// Everything the online invoice shows, found by its pay link token. The token is the only
// key: no tenant or invoice id ever comes from the request.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { contacts, invoiceLines, invoices, payLinks, tenants } from '../db/schema.js';
import { contactName, quantityText } from '../invoices/document.js';
import { computeInvoiceTotals, vatRateFromBp } from '../invoices/totals.js';
import { loadOfferedChoices } from '../payments/offered-choices.js';

/** Whether the text has the shape of a pay link token (anything else is not looked up). */
export const isPayToken = (token: string) => /^[A-Za-z0-9_-]{16,64}$/.test(token);

export async function loadPayPage(db: Queryable, token: string, sandboxEnabled: boolean) {
  if (!isPayToken(token)) return null;
  const [row] = await db
    .select({ invoice: invoices, tenant: tenants, contact: contacts })
    .from(payLinks)
    .innerJoin(invoices, eq(invoices.id, payLinks.invoiceId))
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(eq(payLinks.token, token), isNull(payLinks.revokedAt)));
  if (!row || row.invoice.status === 'draft') return null;
  const { invoice, tenant, contact } = row;
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoice.id))
    .orderBy(asc(invoiceLines.position));
  const totals = computeInvoiceTotals(lines, invoice.currency);
  return {
    invoice,
    creditor: tenant,
    debtorName: contactName(contact),
    language: contact.language,
    lines: lines.map((line, index) => ({
      description: line.description,
      quantity: quantityText(line.quantityMilli),
      unitPrice: line.unitPrice,
      vatRate: vatRateFromBp(line.vatRateBp),
      netAmount: totals.lineNetAmounts[index]!,
    })),
    totals,
    vatGroups: totals.vatGroups.map((g) => ({ ...g, vatRate: vatRateFromBp(g.vatRateBp) })),
    openAmount: Math.max(invoice.total - invoice.paidAmount, 0),
    options: await loadOfferedChoices(db, invoice, sandboxEnabled),
  };
}

export type PayPage = NonNullable<Awaited<ReturnType<typeof loadPayPage>>>;

