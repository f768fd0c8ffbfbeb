// Sending a draft: number, payment reference, receivable booking, pay link and the
// e-mail in the outbox, all in one transaction. The mail itself leaves after commit.
import { and, asc, eq } from 'drizzle-orm';
import { randomToken } from '../crypto.js';
import { withTransaction } from '../db/client.js';
import { contacts, invoiceLines, invoices, outboxMessages, payLinks, tenants } from '../db/schema.js';
import { paymentReferenceFor } from '../documents/payment-reference.js';
import { DomainError, notFound } from '../errors.js';
import { nextInvoiceNumber } from '../invoices/numbering.js';
import { receivableLines } from '../invoices/receivable.js';
import { computeInvoiceTotals } from '../invoices/totals.js';
import { isRate } from '../ledger/balance.js';
import { postEntry } from '../ledger/post.js';
import { invoiceEventData } from '../webhooks/invoice-event.js';
import { recordEvent } from '../webhooks/record-event.js';
import type { ServiceContext } from './context.js';
import { lockDraftInvoice } from './lock-draft-invoice.js';

export interface SendInvoiceInput {
  invoiceId: string;
  /** CHF per unit of the invoice currency; required for invoices not in CHF. */
  exchangeRate?: string;
}

const requiredSettings = ['street', 'postalCode', 'city', 'iban'] as const;

export async function sendInvoice({ ctx, input }: { ctx: ServiceContext; input: SendInvoiceInput }) {
  return withTransaction(ctx.db, async (tx) => {
    const invoice = await lockDraftInvoice(tx, ctx.tenantId, input.invoiceId);
    const [tenant] = await tx.select().from(tenants).where(eq(tenants.id, ctx.tenantId));
    if (!tenant) throw notFound('The tenant');
    const missing = requiredSettings.filter((field) => !tenant[field]);
    if (missing.length > 0) {
      throw new DomainError(
        'settings_incomplete',
        `Invoices carry the creditor's address and IBAN; set ${missing.join(', ')} in the settings first.`,
        {
          errors: missing.map((field) => ({
            field: `settings.${field}`,
            message: 'required to send invoices',
          })),
        },
      );
    }
    const rate = resolveExchangeRate(invoice.currency, input.exchangeRate);
    const [contact] = await tx.select().from(contacts).where(eq(contacts.id, invoice.contactId));
    if (!contact) throw notFound('The contact');
    const lines = await tx
      .select()
      .from(invoiceLines)
      .where(eq(invoiceLines.invoiceId, invoice.id))
      .orderBy(asc(invoiceLines.position));

    const number = await nextInvoiceNumber(tx, ctx.tenantId, Number(invoice.invoiceDate.slice(0, 4)));
    const paymentReference = paymentReferenceFor({ iban: tenant.iban!, invoiceNumber: number });
    const totals = computeInvoiceTotals(lines, invoice.currency);
    const debtor = contact.companyName ?? `${contact.firstName ?? ''} ${contact.lastName ?? ''}`.trim();

    await postEntry(tx, {
      tenantId: ctx.tenantId,
      date: invoice.invoiceDate,
      text: `Invoice ${number} – ${debtor}`,
      source: 'invoice',
      sourceRef: invoice.id,
      idempotencyKey: `invoice:${invoice.id}:receivable`,
      currency: invoice.currency,
      rate,
      lines: receivableLines(
        lines.map((line, index) => ({
          revenueAccount: line.revenueAccount,
          netAmount: totals.lineNetAmounts[index]!,
        })),
        totals,
      ),
      createdByUserId: ctx.userId,
    });
    const sentAt = ctx.now();
    await tx
      .update(invoices)
      .set({ status: 'sent', number, paymentReference, sentAt, updatedAt: sentAt })
      .where(and(eq(invoices.tenantId, ctx.tenantId), eq(invoices.id, invoice.id)));
    // 160 random bits: the link must not be guessable from the number or from other links.
    await tx
      .insert(payLinks)
      .values({ tenantId: ctx.tenantId, invoiceId: invoice.id, token: randomToken(20) });
    await tx.insert(outboxMessages).values({
      tenantId: ctx.tenantId,
      kind: 'invoice_email',
      invoiceId: invoice.id,
      payload: { to: contact.email },
    });
    await recordEvent(tx, {
      tenantId: ctx.tenantId,
      type: 'invoice.sent',
      data: invoiceEventData({ ...invoice, number, status: 'sent', total: totals.total }, { dueDate: invoice.dueDate }),
      now: sentAt,
    });
    return { invoiceId: invoice.id, number };
  });
}

function resolveExchangeRate(currency: string, exchangeRate: string | undefined): string | undefined {
  if (currency === 'CHF') return undefined;
  if (exchangeRate && isRate(exchangeRate)) return exchangeRate;
  throw new DomainError(
    'amount_invalid',
    `The receivable of a ${currency} invoice is booked in CHF too; send the CHF rate for 1 ${currency} as exchangeRate.`,
    { errors: [{ field: 'exchangeRate', message: `CHF per 1 ${currency}, for example "0.9412"` }] },
  );
}
