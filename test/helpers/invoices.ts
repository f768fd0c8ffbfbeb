// Builders for contacts, payment services and invoices through the public API, as an
// accounting system would create them.
import { connectionCredentialsOf, defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import type { apiClient } from './app.js';

type Api = ReturnType<typeof apiClient>;

const sandboxCustomer = defaultSaferpaySandbox.customers[0]!;
export const sandboxCredentials = {
  customerId: sandboxCustomer.customerId,
  terminalId: sandboxCustomer.terminals[0]!.terminalId,
  username: sandboxCustomer.username,
  password: sandboxCustomer.password,
};

export const postfinanceSandboxCredentials = connectionCredentialsOf(defaultPostFinanceSandbox.accounts[0]!);

/** A SwissBilling (PostFinance) connection on the built-in sandbox. */
export function createSwissBillingConnection(api: Api, overrides: Record<string, unknown> = {}) {
  return createConnection(api, {
    provider: 'postfinance',
    label: 'SwissBilling sandbox',
    methods: ['SWISSBILLING'],
    credentials: postfinanceSandboxCredentials,
    ...overrides,
  });
}

export async function createContact(api: Api, overrides: Record<string, unknown> = {}) {
  const response = await api.post<{ id: string }>('/api/v1/contacts', {
    kind: 'company',
    companyName: 'Muster Treuhand GmbH',
    street: 'Rue du Rhône',
    buildingNumber: '12',
    postalCode: '1204',
    city: 'Genève',
    country: 'CH',
    email: 'compta@muster-treuhand.example',
    language: 'fr',
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`contact not created: ${response.status} ${response.text}`);
  return response.body.id;
}

export async function createConnection(api: Api, overrides: Record<string, unknown> = {}) {
  const response = await api.post<{ id: string }>('/api/v1/connections', {
    provider: 'saferpay',
    environment: 'sandbox',
    label: 'Saferpay sandbox',
    currencies: ['CHF'],
    methods: ['VISA', 'MASTERCARD', 'TWINT'],
    isDefault: true,
    credentials: sandboxCredentials,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`connection not created: ${response.status} ${response.text}`);
  return response.body.id;
}

export const consultingLines = [
  { description: 'Beratung März', quantity: '12.5', unitPrice: 18000, vatRate: 8.1 },
  { description: 'Fachbuch', quantity: 2, unitPrice: 4990, vatRate: 2.6 },
];

export async function createDraftInvoice(
  api: Api,
  contactId: string,
  overrides: Record<string, unknown> = {},
) {
  const response = await api.post<{ id: string; total: number; status: string }>('/api/v1/invoices', {
    contactId,
    invoiceDate: '2026-11-02',
    dueDate: '2026-12-02',
    referenceText: 'Mandat 2026/11',
    lines: consultingLines,
    ...overrides,
  });
  if (response.status !== 201) throw new Error(`invoice not created: ${response.status} ${response.text}`);
  return response.body;
}
