// The draft editor's form: what the person typed (kept as typed, so nothing is lost when it
// comes back with an error), turned into the API's invoice body and checked by the API's
// own schema. Totals come from the same code the services use (invoices/totals.ts).
import { isKnownCurrency } from '../../ledger/currencies.js';
import { computeInvoiceTotals, parseQuantity, vatRateToBp, vatRates } from '../../invoices/totals.js';
import { formatMinor } from '../../ledger/currencies.js';
import { parseDecimalAmount } from '../../reconciliation/decimal-amount.js';
import { fieldProblems } from '../../http/router.js';
import { invoiceCreateSchema } from '../../routes/invoice-schemas.js';
import type { InvoiceView } from '../../invoices/view-schema.js';
import type { InvoiceInput } from '../../services/save-invoice.js';
import type { FieldErrors } from '../components.js';

export interface LineForm {
  description: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  revenueAccount: string;
}

export interface DraftForm {
  contactId: string;
  contactSearch: string;
  currency: string;
  invoiceDate: string;
  dueDate: string;
  referenceText: string;
  lines: LineForm[];
}

export const emptyLine = (): LineForm => ({ description: '', quantity: '1', unitPrice: '', vatRate: '8.1', revenueAccount: '3200' });

export function newDraftForm(contactId = ''): DraftForm {
  return { contactId, contactSearch: '', currency: 'CHF', invoiceDate: '', dueDate: '', referenceText: '', lines: [emptyLine()] };
}

export function draftFormOf(view: InvoiceView): DraftForm {
  return {
    contactId: view.contactId,
    contactSearch: '',
    currency: view.currency,
    invoiceDate: view.invoiceDate,
    dueDate: view.dueDate,
    referenceText: view.referenceText ?? '',
    lines: view.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPrice: formatMinor(line.unitPrice, view.currency),
      vatRate: String(line.vatRate),
      revenueAccount: line.revenueAccount,
    })),
  };
}

type Body = Record<string, string | File | (string | File)[]>;
const text = (body: Body, name: string) => {
  const value = body[name];
  return typeof value === 'string' ? value : '';
};

/** The form as posted: lines in their order, those marked for removal left out, one more on "add line". */
export function readDraftForm(body: Body): { form: DraftForm; action: string } {
  const indexes = [...new Set(Object.keys(body).flatMap((key) => /^lines\.(\d{1,3})\.\w+$/.exec(key)?.[1] ?? []))]
    .map(Number)
    .sort((a, b) => a - b);
  const lines = indexes
    .filter((index) => text(body, `lines.${index}.remove`) !== 'yes')
    .map((index) => ({
      description: text(body, `lines.${index}.description`),
      quantity: text(body, `lines.${index}.quantity`),
      unitPrice: text(body, `lines.${index}.unitPrice`),
      vatRate: text(body, `lines.${index}.vatRate`),
      revenueAccount: text(body, `lines.${index}.revenueAccount`) || '3200',
    }));
  const action = text(body, 'action') || 'save';
  if (action === 'add') lines.push(emptyLine());
  const form: DraftForm = {
    contactId: text(body, 'contactId'),
    contactSearch: text(body, 'contactSearch'),
    currency: text(body, 'currency') || 'CHF',
    invoiceDate: text(body, 'invoiceDate').trim(),
    dueDate: text(body, 'dueDate').trim(),
    referenceText: text(body, 'referenceText'),
    lines: action === 'save' ? lines.filter((line) => line.description.trim() || line.unitPrice.trim()) : lines,
  };
  return { form, action };
}

/** "1'234.50", "1’234.50", "1 234,50" → minor units of `currency`, or why not. */
export function parseTypedAmount(typed: string, currency: string): { amount: number } | { problem: string } {
  const plain = typed.trim().replace(/['’\s]/g, '');
  const normalized = /^\d+,\d{1,3}$/.test(plain) ? plain.replace(',', '.') : plain;
  return parseDecimalAmount(normalized, currency);
}

const vatRateOf = (typed: string) => (vatRates as readonly number[]).find((rate) => String(rate) === typed.trim());

export interface DraftWords {
  required: string;
  amountInvalid: string;
  quantityInvalid: string;
}

/** The API's invoice body from the form, with the problems of each field. */
export function draftInput(form: DraftForm, words: DraftWords): { input: InvoiceInput | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const currency = isKnownCurrency(form.currency) ? form.currency : 'CHF';
  const lines = form.lines.map((line, index) => {
    const price = parseTypedAmount(line.unitPrice, currency);
    if ('problem' in price) errors[`lines.${index}.unitPrice`] = line.unitPrice.trim() ? words.amountInvalid : words.required;
    return {
      description: line.description,
      quantity: line.quantity.trim(),
      unitPrice: 'amount' in price ? price.amount : 0,
      vatRate: vatRateOf(line.vatRate) ?? Number.NaN,
      revenueAccount: line.revenueAccount,
    };
  });
  const candidate = {
    contactId: form.contactId,
    currency: form.currency,
    ...(form.invoiceDate ? { invoiceDate: form.invoiceDate } : {}),
    ...(form.dueDate ? { dueDate: form.dueDate } : {}),
    referenceText: form.referenceText.trim() || null,
    lines,
  };
  lines.forEach((line, index) => {
    if (parseQuantity(line.quantity) === null) errors[`lines.${index}.quantity`] = words.quantityInvalid;
    if (!line.description.trim()) errors[`lines.${index}.description`] = words.required;
  });
  const parsed = invoiceCreateSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const problem of fieldProblems(parsed.error.issues, 'json')) errors[problem.field] ??= problem.message;
  }
  return { input: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
}

/** The totals of the lines that can be counted yet, computed as the invoice will be. */
export function previewTotals(form: DraftForm) {
  const currency = isKnownCurrency(form.currency) ? form.currency : 'CHF';
  const counted = form.lines.map((line) => {
    const quantityMilli = parseQuantity(line.quantity.trim());
    const price = parseTypedAmount(line.unitPrice, currency);
    const rate = vatRateOf(line.vatRate);
    if (quantityMilli === null || 'problem' in price || rate === undefined) return null;
    return { quantityMilli, unitPrice: price.amount, vatRateBp: vatRateToBp(rate), revenueAccount: line.revenueAccount };
  });
  const complete = counted.filter((line) => line !== null);
  const totals = computeInvoiceTotals(complete, currency);
  let next = 0;
  const lineNet = counted.map((line) => (line ? totals.lineNetAmounts[next++]! : null));
  return { currency, totals, lineNet, uncounted: counted.length - complete.length };
}
