// What the Swiss QR-bill of an invoice carries: creditor, debtor, the amount asked for, the
// reference, the unstructured message and the bill information in Swico S1 syntax.
import type { Data } from 'swissqrbill/types';
import { formatMinor } from '../ledger/currencies.js';
import { isQrIban } from './payment-reference.js';
import { swicoBillInformation } from './swico-s1.js';
import type { InvoiceDocument } from './types.js';

/** Message and bill information share 140 characters in the QR code. */
const sharedTextLimit = 140;

/**
 * Names have 70 characters in the QR-bill; a tenant's may have 200 and a person's first and last
 * name 35 each, so a longer one is cut (never inside a surrogate pair) rather than the bill refused.
 */
const qrName = (name: string) => name.slice(0, 70).replace(/[\ud800-\udbff]$/, '');

export const qrBillCurrencies = ['CHF', 'EUR'] as const;

export function hasQrBill(currency: string): currency is (typeof qrBillCurrencies)[number] {
  return (qrBillCurrencies as readonly string[]).includes(currency);
}

/**
 * `amount` is what is still to pay (minor units), not necessarily the total; `invoiceLabel`
 * is the word "invoice" in the payer's language, for the message their bank shows them.
 */
export function qrBillData(input: InvoiceDocument, amount: number, invoiceLabel: string): Data {
  const { creditor, debtor, invoice } = input;
  if (!hasQrBill(invoice.currency)) throw new Error(`the QR-bill has no currency ${invoice.currency}`);
  const billInformation = swicoBillInformation({
    number: invoice.number,
    invoiceDate: invoice.invoiceDate,
    dueDate: invoice.dueDate,
    currency: invoice.currency,
    vatNumber: creditor.vatNumber,
    vatGroups: invoice.vatGroups,
  });
  // The number is in the S1 data too, but e-banking shows payers only the message.
  const message = `${invoiceLabel} ${invoice.number}`;
  const messageFits = message.length + (billInformation?.length ?? 0) <= sharedTextLimit;
  return {
    currency: invoice.currency,
    // The library takes a decimal number; the only float here, made from the exact
    // decimal text of the minor units at the edge that demands it.
    amount: Number(formatMinor(amount, invoice.currency)),
    creditor: {
      account: creditor.iban,
      name: qrName(creditor.name),
      address: creditor.street,
      buildingNumber: creditor.buildingNumber || undefined,
      zip: creditor.postalCode,
      city: creditor.city,
      country: creditor.country,
    },
    debtor: {
      name: qrName(debtor.name),
      address: debtor.street,
      buildingNumber: debtor.buildingNumber || undefined,
      zip: debtor.postalCode,
      city: debtor.city,
      country: debtor.country,
    },
    reference:
      isQrIban(creditor.iban) || invoice.paymentReference.startsWith('RF') ? invoice.paymentReference : undefined,
    message: messageFits ? message : undefined,
    additionalInformation: billInformation ?? undefined,
  };
}
