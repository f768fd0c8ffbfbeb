// An invoice document as the PDF and e-mail renderers get it, without a database: the
// consulting invoice of the other tests (CHF 2’534.65, VAT 8.1 % and 2.6 %).
import type { InvoiceDocument } from '../../src/documents/types.js';

type Overrides = Partial<Omit<InvoiceDocument, 'invoice'>> & { invoice?: Partial<InvoiceDocument['invoice']> };

export function invoiceDocument(overrides: Overrides = {}): InvoiceDocument {
  const { invoice, ...rest } = overrides;
  return {
    creditor: {
      name: 'Rechnungs AG',
      street: 'Bahnhofstrasse',
      buildingNumber: '1',
      postalCode: '8001',
      city: 'Zürich',
      country: 'CH',
      iban: 'CH9300762011623852957',
      vatNumber: 'CHE-123.456.789 MWST',
      email: 'billing@rechnungs-ag.example',
    },
    debtor: {
      name: 'Muster Treuhand GmbH',
      street: 'Rue du Rhône',
      buildingNumber: '12',
      postalCode: '1204',
      city: 'Genève',
      country: 'CH',
    },
    language: 'en',
    payUrl: 'http://localhost:3000/pay/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    offered: ['CARD', 'TWINT'],
    ...rest,
    invoice: {
      number: 'RE-2026-0001',
      invoiceDate: '2026-11-02',
      dueDate: '2026-12-02',
      currency: 'CHF',
      referenceText: 'Mandat 2026/11',
      paymentReference: 'RF18539007547034',
      lines: [
        { description: 'Beratung März', quantity: '12.5', unitPrice: 18000, vatRate: 8.1, netAmount: 225000 },
        { description: 'Fachbuch', quantity: '2', unitPrice: 4990, vatRate: 2.6, netAmount: 9980 },
      ],
      vatGroups: [
        { vatRate: 8.1, netAmount: 225000, vatAmount: 18225 },
        { vatRate: 2.6, netAmount: 9980, vatAmount: 259 },
      ],
      netTotal: 234980,
      vatTotal: 18484,
      roundingAmount: 1,
      total: 253465,
      status: 'sent',
      paidAmount: 0,
      paidOn: null,
      ...invoice,
    },
  };
}
