// Gathers what the PDF and the e-mails show about one sent invoice.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { contacts, invoiceLines, invoices, payLinks, tenants } from '../db/schema.js';
import type { InvoiceDocument } from '../documents/types.js';
import { swissToday } from '../services/context.js';
import { choicesOf, loadOfferedChoices } from '../payments/offered-choices.js';
import { computeInvoiceTotals, vatRateFromBp } from './totals.js';

export function quantityText(quantityMilli: number): string {
  const whole = Math.trunc(quantityMilli / 1000);
  const fraction = String(quantityMilli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function contactName(contact: typeof contacts.$inferSelect): string {
  return contact.companyName ?? `${contact.firstName ?? ''} ${contact.lastName ?? ''}`.trim();
}

export async function loadInvoiceDocument(
  db: Queryable,
  tenantId: string,
  invoiceId: string,
  publicBaseUrl: string,
  sandboxEnabled: boolean,
): Promise<InvoiceDocument | null> {
  const [row] = await db
    .select({ invoice: invoices, tenant: tenants, contact: contacts })
    .from(invoices)
    .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
  const number = row?.invoice.number;
  const paymentReference = row?.invoice.paymentReference;
  if (!row || !number || !paymentReference) return null;
  const { invoice, tenant, contact } = row;
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(eq(invoiceLines.invoiceId, invoice.id))
    .orderBy(asc(invoiceLines.position));
  const [link] = await db
    .select({ token: payLinks.token })
    .from(payLinks)
    .where(and(eq(payLinks.invoiceId, invoice.id), isNull(payLinks.revokedAt)))
    .orderBy(desc(payLinks.createdAt))
    .limit(1);
  const totals = computeInvoiceTotals(lines, invoice.currency);
  return {
    creditor: {
      name: tenant.name,
      street: tenant.street ?? '',
      buildingNumber: tenant.buildingNumber ?? '',
      postalCode: tenant.postalCode ?? '',
      city: tenant.city ?? '',
      country: tenant.country,
      iban: tenant.iban ?? '',
      vatNumber: tenant.vatNumber ?? undefined,
      email: tenant.email ?? undefined,
    },
    debtor: {
      name: contactName(contact),
      street: contact.street,
      buildingNumber: contact.buildingNumber ?? undefined,
      postalCode: contact.postalCode,
      city: contact.city,
      country: contact.country,
    },
    language: contact.language,
    invoice: {
      number,
      invoiceDate: invoice.invoiceDate,
      dueDate: invoice.dueDate,
      currency: invoice.currency,
      referenceText: invoice.referenceText ?? undefined,
      paymentReference,
      lines: lines.map((line, index) => ({
        description: line.description,
        quantity: quantityText(line.quantityMilli),
        unitPrice: line.unitPrice,
        vatRate: vatRateFromBp(line.vatRateBp),
        netAmount: totals.lineNetAmounts[index]!,
      })),
      vatGroups: totals.vatGroups.map((group) => ({
        vatRate: vatRateFromBp(group.vatRateBp),
        netAmount: group.netAmount,
        vatAmount: group.vatAmount,
      })),
      netTotal: totals.netTotal,
      vatTotal: totals.vatTotal,
      roundingAmount: totals.roundingAmount,
      total: totals.total,
      status: invoice.status,
      paidAmount: invoice.paidAmount,
      paidOn: invoice.paidAt ? swissToday(invoice.paidAt) : null,
    },
    payUrl: link ? `${publicBaseUrl}/pay/${link.token}` : null,
    // Without a pay link no online method can be reached, whatever the connections offer.
    offered: link ? choicesOf(await loadOfferedChoices(db, invoice, sandboxEnabled)) : [],
  };
}
