// Request bodies that succeed against the fuzzed tenant, one list per operation. The fuzzer
// sends them as they are and broken one field at a time, so its requests reach the services
// and not only the validation (a generated invoice rarely has four valid VAT rates).
import { consultingLines, postfinanceSandboxCredentials, sandboxCredentials } from '../invoices.js';

const company = {
  kind: 'company',
  companyName: 'Fuzz Treuhand AG',
  street: 'Bahnhofstrasse',
  buildingNumber: '7',
  postalCode: '8001',
  city: 'Zürich',
  country: 'CH',
  email: 'fuzz@example.ch',
  language: 'de',
};
const person = { ...company, kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster', language: 'it' };

const fee = {
  date: '2026-04-02',
  text: 'Saferpay fee',
  currency: 'CHF',
  lines: [
    { account: '6940', debit: 125 },
    { account: '1029', credit: 125 },
  ],
};

export function templates(ids: { contactId: string; saferpayId: string; postfinanceId: string }): Record<string, unknown[]> {
  const saferpay = {
    provider: 'saferpay',
    environment: 'sandbox',
    label: 'Saferpay fuzz',
    currencies: ['CHF', 'EUR'],
    methods: ['VISA', 'MASTERCARD', 'TWINT'],
    credentials: sandboxCredentials,
  };
  const postfinance = { provider: 'postfinance', environment: 'sandbox', label: 'SwissBilling fuzz', methods: ['SWISSBILLING'], credentials: postfinanceSandboxCredentials };
  return {
    'post /api/v1/users': [{ name: 'Fuzz', email: 'fuzz-user@example.ch', role: 'accountant' }],
    'post /api/v1/users/{id}/api-keys': [{ label: 'fuzz key' }],
    'patch /api/v1/settings': [{ vatNumber: 'CHE-123.456.789 MWST' }, { booksClosedUntil: '2025-12-31' }, { city: 'Bern', postalCode: '3011' }, { swissBillingCategory: 'Books' }],
    'post /api/v1/accounts': [{ number: '6999', name: 'Fuzz fees', kind: 'expense' }],
    'patch /api/v1/accounts/{number}': [{ name: 'Renamed by the fuzzer' }],
    'post /api/v1/journal/manual-entries': [fee, { ...fee, currency: 'EUR', rate: '0.95', reference: 'FX-1', idempotencyKey: 'fuzz-entry-1' }],
    'post /api/v1/journal/entries/{id}/reverse': [{}, { date: '2026-05-01', text: 'Storno' }],
    'post /api/v1/contacts': [company, person],
    'patch /api/v1/contacts/{id}': [{ city: 'Bern' }, { kind: 'person', companyName: null, firstName: 'Anna', lastName: 'Muster' }, { language: 'en' }],
    'post /api/v1/invoices': [
      { contactId: ids.contactId, lines: consultingLines },
      { contactId: ids.contactId, currency: 'EUR', invoiceDate: '2026-11-02', paymentTermDays: 10, lines: consultingLines.slice(0, 1) },
      { contactId: ids.contactId, currency: 'USD', referenceText: 'PO 4711', lines: [{ description: 'Audit', quantity: '0.5', unitPrice: 99999, vatRate: 0 }] },
    ],
    'patch /api/v1/invoices/{id}': [{ referenceText: 'changed' }, { lines: consultingLines.slice(1) }, { currency: 'EUR', dueDate: '2026-12-31' }],
    'put /api/v1/invoices/{id}/payment-services': [{ connectionIds: [ids.saferpayId] }, { connectionIds: [ids.saferpayId, ids.postfinanceId] }, { connectionIds: [] }],
    'post /api/v1/invoices/{id}/send': [{}, { exchangeRate: '0.95' }],
    'post /api/v1/connections': [saferpay, postfinance],
    'patch /api/v1/connections/{id}': [
      { label: 'Renamed' },
      { currencies: ['CHF', 'EUR'] },
      { methodCurrencies: { VISA: ['CHF'] } },
      { credentials: sandboxCredentials },
      { isDefault: true },
    ],
    'post /api/v1/payments/{id}/refund': [{}, { amount: 100 }],
    'post /api/v1/payments/{id}/book': [{ rate: '0.95' }],
  };
}
