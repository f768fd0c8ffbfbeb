// SwissBilling (pay by invoice) on PostFinance e-Payment: its rules, checked before anything
// leaves (shared/specs/postfinance.md §6), and the hosted-page fields built from an invoice.
// Where the spec is unconfirmed (category list, price > 0, 9-line limit) the stricter rule is kept.
import { formatMinor } from '../../ledger/currencies.js';

export const swissBillingCategories = [
  'ServicesForProfessionals',
  'ServicesForPrivate',
  'Electronics',
  'Clothing',
  'Books',
  'HomeAndGarden',
  'Other',
] as const;

export type SwissBillingRule =
  | 'currency_chf'
  | 'country_ch_li'
  | 'names_required'
  | 'company_required'
  | 'street_number_required'
  | 'price_positive'
  | 'email_required';

export interface SwissBillingInvoice {
  currency: string;
  /** What the payer pays now: the open amount. */
  total: number;
  /** Paid before (another channel, an earlier partial payment); the lines no longer add up to `total` then. */
  paidAmount: number;
  contact: {
    kind: 'company' | 'person';
    companyName: string | null;
    firstName: string | null;
    lastName: string | null;
    street: string;
    buildingNumber: string | null;
    postalCode: string;
    city: string;
    country: string;
    email: string;
  };
  lines: { description: string; quantityMilli: number; unitPrice: number; vatRateBp: number; netAmount: number }[];
  vatGroups: { vatRateBp: number; netAmount: number; vatAmount: number }[];
}

export function swissBillingViolations(invoice: SwissBillingInvoice, mode: 'B2C' | 'B2B'): SwissBillingRule[] {
  const { contact } = invoice;
  const rules: SwissBillingRule[] = [];
  if (invoice.currency !== 'CHF') rules.push('currency_chf');
  if (!['CH', 'LI'].includes(contact.country)) rules.push('country_ch_li');
  if (!contact.firstName || !contact.lastName) rules.push('names_required');
  if (mode === 'B2B' && !contact.companyName) rules.push('company_required');
  if (!contact.buildingNumber) rules.push('street_number_required');
  if (invoice.lines.some((line) => line.unitPrice <= 0)) rules.push('price_positive');
  if (!contact.email) rules.push('email_required');
  return rules;
}

const vatCode = (bp: number) => `${String(bp / 100).replace(/\.0$/, '')}%`;
const grossDecimal = (minor: number) => formatMinor(minor, 'CHF');

/**
 * Item lines with prices including VAT. More than nine lines are summarised per VAT rate, so
 * the platform's sorting of ITEM…10 (unconfirmed: byte or natural order) can never matter.
 * Rounding differences (VAT per group, 5-Rappen rounding) go into the last line, so the lines
 * always add up to AMOUNT.
 */
export function swissBillingItems(invoice: SwissBillingInvoice): Record<string, string> {
  if (invoice.paidAmount > 0) return openAmountItem(invoice);
  const items =
    invoice.lines.length <= 9
      ? invoice.lines.map((line) => ({
          name: line.description,
          quantity: line.quantityMilli % 1000 === 0 ? line.quantityMilli / 1000 : 1,
          net: line.quantityMilli % 1000 === 0 ? line.unitPrice : line.netAmount,
          bp: line.vatRateBp,
        }))
      : invoice.vatGroups.map((group) => ({ name: `Leistungen ${vatCode(group.vatRateBp)} MWST`, quantity: 1, net: group.netAmount, bp: group.vatRateBp }));
  const gross = items.map((item) => Number((BigInt(item.net) * BigInt(10_000 + item.bp) + 5_000n) / 10_000n));
  const sum = items.reduce((s, item, i) => s + gross[i]! * item.quantity, 0);
  const last = items.length - 1;
  const difference = invoice.total - sum;
  const fields: Record<string, string> = {};
  items.forEach((item, index) => {
    const n = index + 1;
    let quantity = item.quantity;
    let price = gross[index]!;
    if (index === last && difference !== 0) {
      // Fold the residual into the last line, as one unit, so the sum is exact.
      price = price * quantity + difference;
      quantity = 1;
    }
    fields[`ITEMID${n}`] = String(n);
    fields[`ITEMNAME${n}`] = item.name.slice(0, 40);
    fields[`ITEMPRICE${n}`] = grossDecimal(price);
    fields[`ITEMQUANT${n}`] = String(quantity);
    fields[`ITEMVATCODE${n}`] = vatCode(item.bp);
    fields[`TAXINCLUDED${n}`] = '1';
  });
  return fields;
}

/**
 * A partly paid invoice: its lines would overshoot the open amount, so one line carries it,
 * at the VAT rate that weighs most on the invoice. Decision (rare case, SwissBilling's rules
 * say nothing of it): the payer's SwissBilling invoice shows "open amount", not the lines.
 */
function openAmountItem(invoice: SwissBillingInvoice): Record<string, string> {
  const main = [...invoice.vatGroups].sort((a, b) => b.netAmount - a.netAmount)[0];
  const code = vatCode(main?.vatRateBp ?? 0);
  return {
    ITEMID1: '1',
    ITEMNAME1: `Offener Betrag (${formatMinor(invoice.paidAmount, 'CHF')} bezahlt)`.slice(0, 40),
    ITEMPRICE1: grossDecimal(invoice.total),
    ITEMQUANT1: '1',
    ITEMVATCODE1: code,
    TAXINCLUDED1: '1',
  };
}

export function swissBillingAddress(contact: SwissBillingInvoice['contact'], mode: 'B2C' | 'B2B'): Record<string, string> {
  const block = (prefix: string) => ({
    [`${prefix}_POSTAL_NAME_FIRST`]: contact.firstName ?? '',
    [`${prefix}_POSTAL_NAME_LAST`]: contact.lastName ?? '',
    [`${prefix}_POSTAL_STREET_LINE1`]: contact.street.slice(0, 35),
    [`${prefix}_POSTAL_STREET_NUMBER`]: (contact.buildingNumber ?? '').slice(0, 10),
    [`${prefix}_POSTAL_POSTALCODE`]: contact.postalCode.slice(0, 10),
    [`${prefix}_POSTAL_CITY`]: contact.city.slice(0, 25),
    [`${prefix}_POSTAL_COUNTRYCODE`]: contact.country,
  });
  const company: Record<string, string> =
    mode === 'B2B' && contact.companyName ? { ECOM_BILLTO_COMPANY: contact.companyName, ECOM_SHIPTO_COMPANY: contact.companyName } : {};
  // Billing and shipping must be identical for SwissBilling: both come from the one contact.
  return { ...block('ECOM_BILLTO'), ...block('ECOM_SHIPTO'), ...company };
}
