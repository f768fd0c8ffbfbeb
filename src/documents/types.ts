// Everything an invoice document (PDF, e-mail) shows, gathered beforehand so rendering
// touches no database.
import type { Language } from '../i18n.js';
import type { PayChoice } from '../providers/types.js';

export interface DocumentAddress {
  name: string;
  street: string;
  buildingNumber?: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface InvoiceDocument {
  creditor: DocumentAddress & { iban: string; vatNumber?: string; email?: string };
  debtor: DocumentAddress;
  language: Language;
  invoice: {
    number: string;
    invoiceDate: string;
    dueDate: string;
    currency: string;
    referenceText?: string;
    paymentReference: string;
    lines: { description: string; quantity: string; unitPrice: number; vatRate: number; netAmount: number }[];
    vatGroups: { vatRate: number; netAmount: number; vatAmount: number }[];
    netTotal: number;
    vatTotal: number;
    roundingAmount: number;
    total: number;
    status: string;
    /** Received so far (minor units); the QR-bill asks only for the rest. */
    paidAmount: number;
    /** The Swiss calendar day (YYYY-MM-DD) it became paid, or null. */
    paidOn: string | null;
  };
  /** The online invoice, or null when it has no pay link. */
  payUrl: string | null;
  /** The buttons its online page offers: the texts name these methods and no others. */
  offered: PayChoice[];
}
