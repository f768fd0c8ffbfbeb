// How a payer pays without the online page: with the QR-bill where the standard has one
// (CHF and EUR), otherwise by a plain bank transfer to the creditor's account, quoting the
// payment reference so the money lands on the right open item.
import { formatReference } from './payment-reference.js';

/** The Swiss QR-bill standard knows these two currencies only. */
export const qrBillCurrencies = ['CHF', 'EUR'] as const;

export const hasQrBill = (currency: string) => (qrBillCurrencies as readonly string[]).includes(currency);

export interface Creditor {
  name: string;
  street?: string | null;
  buildingNumber?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country: string;
  iban: string;
}

export interface BankTransfer {
  holder: string;
  address: string;
  iban: string;
  reference: string;
}

export const formatIban = (iban: string) => iban.replaceAll(' ', '').replace(/(.{4})(?=.)/g, '$1 ');

export function bankTransfer(creditor: Creditor, paymentReference: string): BankTransfer {
  const street = [creditor.street, creditor.buildingNumber].filter(Boolean).join(' ');
  const city = [creditor.postalCode, creditor.city].filter(Boolean).join(' ');
  return {
    holder: creditor.name,
    address: [street, city, creditor.country].filter(Boolean).join(', '),
    iban: formatIban(creditor.iban),
    reference: formatReference(paymentReference),
  };
}

export interface TransferLabels {
  accountHolder: string;
  iban: string;
  transferReference: string;
}

/** "Account holder: Muster AG, Bahnhofstrasse 1, 8001 Zürich, CH" and so on, for text and PDF. */
export function bankTransferLines(transfer: BankTransfer, t: TransferLabels): string[] {
  return [
    `${t.accountHolder}: ${transfer.holder}, ${transfer.address}`,
    `${t.iban}: ${transfer.iban}`,
    `${t.transferReference}: ${transfer.reference}`,
  ];
}
