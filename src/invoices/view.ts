// Loads invoices in the shape of invoiceViewSchema, with lines, payment services, the
// pay link and the state of the e-mail, in a fixed number of queries per page.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import {
  bankEntries,
  connections,
  contacts,
  invoiceLines,
  invoicePaymentServices,
  invoices,
  outboxMessages,
  payLinks,
  paymentAttempts,
} from '../db/schema.js';
import { owedAmount } from '../documents/payment-part.js';
import { contactName, quantityText } from './document.js';
import { computeInvoiceTotals, vatRateFromBp } from './totals.js';
import type { InvoiceView } from './view-schema.js';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function loadInvoiceViews(
  db: Queryable,
  tenantId: string,
  ids: string[],
  publicBaseUrl: string,
): Promise<InvoiceView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ invoice: invoices, contact: contacts })
    .from(invoices)
    .innerJoin(contacts, eq(contacts.id, invoices.contactId))
    .where(and(eq(invoices.tenantId, tenantId), inArray(invoices.id, ids)));
  const lines = await db
    .select()
    .from(invoiceLines)
    .where(inArray(invoiceLines.invoiceId, ids))
    .orderBy(asc(invoiceLines.position));
  const services = await db
    .select({ invoiceId: invoicePaymentServices.invoiceId, connection: connections })
    .from(invoicePaymentServices)
    .innerJoin(connections, eq(connections.id, invoicePaymentServices.connectionId))
    .where(inArray(invoicePaymentServices.invoiceId, ids))
    .orderBy(asc(connections.createdAt));
  const links = await db
    .select()
    .from(payLinks)
    .where(and(inArray(payLinks.invoiceId, ids), isNull(payLinks.revokedAt)))
    .orderBy(desc(payLinks.createdAt));
  const emails = await db
    .select()
    .from(outboxMessages)
    .where(and(inArray(outboxMessages.invoiceId, ids), eq(outboxMessages.kind, 'invoice_email')))
    .orderBy(desc(outboxMessages.createdAt));
  // Only each invoice's newest attempt: an invoice may have many (retries, refusals).
  const attempts = await db
    .selectDistinctOn([paymentAttempts.invoiceId])
    .from(paymentAttempts)
    .where(inArray(paymentAttempts.invoiceId, ids))
    .orderBy(paymentAttempts.invoiceId, desc(paymentAttempts.createdAt));

  const bankLines = await db
    .select()
    .from(bankEntries)
    .where(and(inArray(bankEntries.invoiceId, ids), inArray(bankEntries.status, ['invoice_paid', 'booked'])))
    .orderBy(asc(bankEntries.bookingDate));

  const byId = new Map(
    rows.map(({ invoice, contact }) => {
      const own = lines.filter((line) => line.invoiceId === invoice.id);
      const totals = computeInvoiceTotals(own, invoice.currency);
      const link = links.find((l) => l.invoiceId === invoice.id);
      const email = emails.find((m) => m.invoiceId === invoice.id);
      const attempt = attempts.find((a) => a.invoiceId === invoice.id);
      const view: InvoiceView = {
        id: invoice.id,
        number: invoice.number,
        status: invoice.status,
        currency: invoice.currency,
        contactId: contact.id,
        contact: {
          id: contact.id,
          name: contactName(contact),
          email: contact.email,
          language: contact.language,
        },
        invoiceDate: invoice.invoiceDate,
        dueDate: invoice.dueDate,
        referenceText: invoice.referenceText,
        paymentReference: invoice.paymentReference,
        lines: own.map((line, index) => ({
          position: line.position,
          description: line.description,
          quantity: quantityText(line.quantityMilli),
          unitPrice: line.unitPrice,
          vatRate: vatRateFromBp(line.vatRateBp),
          revenueAccount: line.revenueAccount,
          netAmount: totals.lineNetAmounts[index]!,
        })),
        vatGroups: totals.vatGroups.map((g) => ({
          vatRate: vatRateFromBp(g.vatRateBp),
          netAmount: g.netAmount,
          vatAmount: g.vatAmount,
        })),
        netTotal: invoice.netTotal,
        vatTotal: invoice.vatTotal,
        roundingAmount: invoice.roundingAmount,
        total: invoice.total,
        paidAmount: invoice.paidAmount,
        openAmount: owedAmount(invoice),
        flagReason: invoice.flagReason,
        paymentServices: services
          .filter((s) => s.invoiceId === invoice.id)
          .map(({ connection }) => ({
            connectionId: connection.id,
            provider: connection.provider,
            environment: connection.environment,
            label: connection.label,
          })),
        payLink: link
          ? { url: `${publicBaseUrl}/pay/${link.token}`, createdAt: link.createdAt.toISOString() }
          : null,
        email: email
          ? {
              status: email.status,
              attempts: email.attempts,
              lastError: email.lastError,
              sentAt: iso(email.sentAt),
            }
          : null,
        // The newest payment attempt, so the accountant sees why a payer could not pay
        // (a declined card, SwissBilling's rules) without opening the payments list.
        bankPayments: bankLines
          .filter((line) => line.invoiceId === invoice.id)
          .map((line) => ({
            bankEntryId: line.id,
            bookingDate: line.bookingDate,
            amount: line.amount,
            currency: line.currency,
            reference: line.reference,
            bankReference: line.acctSvcrRef ?? line.entryRef,
            payer: line.counterpartyName,
            journalEntryId: line.journalEntryId,
          })),
        lastPayment: attempt
          ? {
              id: attempt.id,
              provider: attempt.provider,
              method: attempt.method,
              state: attempt.state,
              amount: attempt.amount,
              failureReason: attempt.failureReason,
              createdAt: attempt.createdAt.toISOString(),
            }
          : null,
        sentAt: iso(invoice.sentAt),
        paidAt: iso(invoice.paidAt),
        cancelledAt: iso(invoice.cancelledAt),
        createdAt: invoice.createdAt.toISOString(),
        updatedAt: invoice.updatedAt.toISOString(),
      };
      return [invoice.id, view] as const;
    }),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function loadInvoiceView(db: Queryable, tenantId: string, id: string, publicBaseUrl: string) {
  const [view] = await loadInvoiceViews(db, tenantId, [id], publicBaseUrl);
  return view ?? null;
}
