// The QR-bill's bill information (after EPD) in Swico S1 syntax, which payers' accounting
// software reads to book the invoice without typing: //S1/10/<number>/11/<date>/30/<UID>
// /32/<VAT>/40/<conditions>. The Swiss Implementation Guidelines reserve the field for such
// structured data, so nothing unstructured goes there.
import { formatMinor } from '../ledger/currencies.js';

export interface SwicoInvoice {
  number: string;
  /** YYYY-MM-DD */
  invoiceDate: string;
  /** YYYY-MM-DD; gives the payment period of tag 40. */
  dueDate: string;
  currency: string;
  /** The creditor's UID-based VAT number as printed, e.g. "CHE-123.456.789 MWST". */
  vatNumber?: string;
  vatGroups: { vatRate: number; netAmount: number }[];
}

/** S1 text values escape the separator and the escape character itself. */
function escapeValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('/', '\\/');
}

/** 2026-11-02 → 261102 */
function s1Date(date: string): string {
  return date.slice(2).replaceAll('-', '');
}

/** Decimal point, no grouping, no trailing zeros: 225000 CHF → "2250", 9980 → "99.8". */
function s1Amount(amount: number, currency: string): string {
  const text = formatMinor(amount, currency);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Only a Swiss UID (9 digits) belongs in tag 30, without CHE, dots, dashes and the MWST/TVA/IVA suffix. */
function uidDigits(vatNumber: string | undefined): string | null {
  const match = /^\s*CHE[-\s]?(\d{3})\.?(\d{3})\.?(\d{3})\b/i.exec(vatNumber ?? '');
  return match ? `${match[1]}${match[2]}${match[3]}` : null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The S1 elements in tag order, each `/<tag>/<value>`; the caller may drop later ones for room. */
export function swicoElements(invoice: SwicoInvoice): string[] {
  const elements = [`/10/${escapeValue(invoice.number)}`, `/11/${s1Date(invoice.invoiceDate)}`];
  const uid = uidDigits(invoice.vatNumber);
  if (uid) elements.push(`/30/${uid}`);
  const groups = invoice.vatGroups;
  if (groups.length === 1) elements.push(`/32/${groups[0]!.vatRate}`);
  if (groups.length > 1) {
    elements.push(`/32/${groups.map((g) => `${g.vatRate}:${s1Amount(g.netAmount, invoice.currency)}`).join(';')}`);
  }
  const days = daysBetween(invoice.invoiceDate, invoice.dueDate);
  // Condition "0:<days>": no discount, the full amount within the payment period.
  if (days >= 0) elements.push(`/40/0:${days}`);
  return elements;
}

/**
 * The S1 string within `maxLength`: the optional tags go from the end first, the invoice
 * number and date stay; null when not even they fit (an absurdly long number).
 */
export function swicoBillInformation(invoice: SwicoInvoice, maxLength = 140): string | null {
  const elements = swicoElements(invoice);
  for (let count = elements.length; count >= 2; count--) {
    const text = `//S1${elements.slice(0, count).join('')}`;
    if (text.length <= maxLength) return text;
  }
  return null;
}
