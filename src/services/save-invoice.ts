// Creating and editing draft invoices. Totals are always computed here from the lines;
// a client cannot send them. Drafts only: anything else is locked by lockDraftInvoice.
import dayjs from 'dayjs';
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import {
  accounts,
  connections,
  contacts,
  invoiceLines,
  invoicePaymentServices,
  invoices,
} from '../db/schema.js';
import { DomainError } from '../errors.js';
import { computeInvoiceTotals, parseQuantity, vatRateToBp } from '../invoices/totals.js';
import { maxAmount } from '../http/schemas.js';
import { type ServiceContext, swissToday } from './context.js';
import { lockDraftInvoice } from './lock-draft-invoice.js';

export interface InvoiceLineInput {
  description: string;
  quantity: number | string;
  unitPrice: number;
  vatRate: number;
  revenueAccount?: string;
}

export interface InvoiceInput {
  contactId: string;
  currency?: string;
  invoiceDate?: string;
  dueDate?: string;
  paymentTermDays?: number;
  referenceText?: string | null;
  lines: InvoiceLineInput[];
}

const field = (name: string, message: string) => ({ errors: [{ field: name, message, in: 'body' }] });

async function assertContact(tx: Tx, tenantId: string, contactId: string) {
  const [contact] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.id, contactId)));
  if (!contact)
    throw new DomainError('not_found', 'The contact was not found.', field('contactId', 'no such contact'));
}

async function prepareLines(tx: Tx, tenantId: string, lines: InvoiceLineInput[]) {
  const wanted = [...new Set(lines.map((line) => line.revenueAccount ?? '3200'))];
  const revenue = await tx
    .select({ number: accounts.number })
    .from(accounts)
    .where(
      and(eq(accounts.tenantId, tenantId), inArray(accounts.number, wanted), eq(accounts.kind, 'revenue')),
    );
  const known = new Set(revenue.map((row) => row.number));
  return lines.map((line, index) => {
    const quantityMilli = parseQuantity(line.quantity);
    if (quantityMilli === null) {
      throw new DomainError(
        'validation_failed',
        `Line ${index + 1}: the quantity must be positive with at most 3 decimals.`,
        field(`lines.${index}.quantity`, 'positive, at most 3 decimals, at most 1000000'),
      );
    }
    const revenueAccount = line.revenueAccount ?? '3200';
    if (!known.has(revenueAccount)) {
      throw new DomainError(
        'account_unknown',
        `Line ${index + 1}: ${revenueAccount} is not a revenue account of this tenant.`,
        field(`lines.${index}.revenueAccount`, 'must be an existing revenue account'),
      );
    }
    return {
      position: index + 1,
      description: line.description,
      quantityMilli,
      unitPrice: line.unitPrice,
      vatRateBp: vatRateToBp(line.vatRate),
      revenueAccount,
    };
  });
}

function resolveDates(
  ctx: ServiceContext,
  input: Pick<InvoiceInput, 'invoiceDate' | 'dueDate' | 'paymentTermDays'>,
) {
  const invoiceDate = input.invoiceDate ?? swissToday(ctx.now());
  const dueDate =
    input.dueDate ??
    dayjs(invoiceDate)
      .add(input.paymentTermDays ?? 30, 'day')
      .format('YYYY-MM-DD');
  if (dueDate < invoiceDate) {
    throw new DomainError(
      'validation_failed',
      'The due date lies before the invoice date.',
      field('dueDate', `must be on or after ${invoiceDate}`),
    );
  }
  return { invoiceDate, dueDate };
}

async function writeLines(
  tx: Tx,
  invoiceId: string,
  currency: string,
  lines: Awaited<ReturnType<typeof prepareLines>>,
) {
  const totals = computeInvoiceTotals(lines, currency);
  if (totals.total <= 0 || totals.total > maxAmount) {
    throw new DomainError(
      'amount_invalid',
      'The invoice total must be positive.',
      field('lines', 'the total must be above zero'),
    );
  }
  await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, invoiceId));
  await tx
    .insert(invoiceLines)
    .values(lines.map((line, i) => ({ ...line, invoiceId, netAmount: totals.lineNetAmounts[i]! })));
  return {
    netTotal: totals.netTotal,
    vatTotal: totals.vatTotal,
    roundingAmount: totals.roundingAmount,
    total: totals.total,
  };
}

export async function createInvoice({ ctx, input }: { ctx: ServiceContext; input: InvoiceInput }) {
  return ctx.db.transaction(async (tx) => {
    await assertContact(tx, ctx.tenantId, input.contactId);
    const currency = input.currency ?? 'CHF';
    const lines = await prepareLines(tx, ctx.tenantId, input.lines);
    const [invoice] = await tx
      .insert(invoices)
      .values({
        tenantId: ctx.tenantId,
        contactId: input.contactId,
        currency,
        ...resolveDates(ctx, input),
        referenceText: input.referenceText ?? null,
      })
      .returning({ id: invoices.id });
    if (!invoice) throw new Error('invoice insert returned nothing');
    await tx
      .update(invoices)
      .set(await writeLines(tx, invoice.id, currency, lines))
      .where(eq(invoices.id, invoice.id));
    // The tenant's default payment services, where their contract has the invoice currency.
    const defaults = await tx
      .select({ id: connections.id, currencies: connections.currencies })
      .from(connections)
      .where(and(eq(connections.tenantId, ctx.tenantId), eq(connections.isDefault, true)));
    const usable = defaults.filter((row) => row.currencies.includes(currency));
    if (usable.length > 0) {
      await tx
        .insert(invoicePaymentServices)
        .values(usable.map((row) => ({ invoiceId: invoice.id, connectionId: row.id })));
    }
    return invoice.id;
  });
}

export async function updateInvoice({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { id: string; patch: Partial<InvoiceInput> };
}) {
  return ctx.db.transaction(async (tx) => {
    const current = await lockDraftInvoice(tx, ctx.tenantId, input.id);
    const { patch } = input;
    if (patch.contactId) await assertContact(tx, ctx.tenantId, patch.contactId);
    const currency = patch.currency ?? current.currency;
    const dates = resolveDates(ctx, {
      invoiceDate: patch.invoiceDate ?? current.invoiceDate,
      dueDate: patch.dueDate ?? (patch.paymentTermDays === undefined ? current.dueDate : undefined),
      paymentTermDays: patch.paymentTermDays,
    });
    const changes: Partial<typeof invoices.$inferInsert> = { ...dates, currency, updatedAt: ctx.now() };
    if (patch.contactId) changes.contactId = patch.contactId;
    if (patch.referenceText !== undefined) changes.referenceText = patch.referenceText;
    if (patch.lines || patch.currency) {
      const lines = patch.lines
        ? await prepareLines(tx, ctx.tenantId, patch.lines)
        : await tx
            .select({
              position: invoiceLines.position,
              description: invoiceLines.description,
              quantityMilli: invoiceLines.quantityMilli,
              unitPrice: invoiceLines.unitPrice,
              vatRateBp: invoiceLines.vatRateBp,
              revenueAccount: invoiceLines.revenueAccount,
            })
            .from(invoiceLines)
            .where(eq(invoiceLines.invoiceId, current.id));
      Object.assign(changes, await writeLines(tx, current.id, currency, lines));
    }
    if (currency !== current.currency) await detachServicesWithout(tx, current.id, currency);
    await tx.update(invoices).set(changes).where(eq(invoices.id, current.id));
    return current.id;
  });
}

/** A payment service whose contract lacks the new currency cannot stay attached. */
async function detachServicesWithout(tx: Tx, invoiceId: string, currency: string) {
  const attached = await tx
    .select({ id: connections.id, currencies: connections.currencies })
    .from(invoicePaymentServices)
    .innerJoin(connections, eq(connections.id, invoicePaymentServices.connectionId))
    .where(eq(invoicePaymentServices.invoiceId, invoiceId));
  const stale = attached.filter((row) => !row.currencies.includes(currency)).map((row) => row.id);
  if (stale.length > 0) {
    await tx
      .delete(invoicePaymentServices)
      .where(
        and(
          eq(invoicePaymentServices.invoiceId, invoiceId),
          inArray(invoicePaymentServices.connectionId, stale),
        ),
      );
  }
}

export async function deleteInvoice({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  await ctx.db.transaction(async (tx) => {
    const current = await lockDraftInvoice(tx, ctx.tenantId, input.id);
    await tx.delete(invoicePaymentServices).where(eq(invoicePaymentServices.invoiceId, current.id));
    await tx.delete(invoiceLines).where(eq(invoiceLines.invoiceId, current.id));
    await tx.delete(invoices).where(eq(invoices.id, current.id));
  });
}
