// The merchant side of the reliability run: a tenant created straight in the database (the
// CI database already holds other tenants, so the server's first-start demo tenant cannot be
// relied on), then everything else through the server's HTTP API as an accounting system
// would: settings, both payment services pointing at the simulators, invoices sent.
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { type OpenDatabase, openEmbeddedDatabase, openPostgresDatabase } from '../../src/node/database.js';
import { createTenant } from '../../src/services/create-tenant.js';
import { postfinanceSandboxCredentials, sandboxCredentials } from '../helpers/invoices.js';
import type { Simulators, Storage } from './processes.js';

export function openDatabase(storage: Storage): Promise<OpenDatabase> {
  return 'databaseUrl' in storage ? openPostgresDatabase(storage.databaseUrl, { max: 4 }) : openEmbeddedDatabase(storage.dataDir);
}

export async function createShopTenant(database: OpenDatabase) {
  const unique = `${Date.now().toString(36)}-${process.pid}`;
  const { tenant, apiKey } = await createTenant({
    db: database.db,
    input: { name: `Zuverlässig AG ${unique}`, adminName: 'Rita Reliability', adminEmail: `admin-${unique}@zuverlaessig.example` },
  });
  return { tenantId: tenant.id, apiKey };
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  text: string;
}

/** The API over HTTP with the admin's key (admin may do everything the run needs). */
export function httpApi(origin: () => string, key: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const response = await fetch(`${origin()}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, text };
  };
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body?: unknown) => call<T>('POST', path, body),
    patch: <T>(path: string, body?: unknown) => call<T>('PATCH', path, body),
  };
}

export type HttpApi = ReturnType<typeof httpApi>;

async function created<T>(answer: Promise<ApiAnswer<T>>, what: string, expected = 201): Promise<T> {
  const { status, body, text } = await answer;
  if (status !== expected) throw new Error(`${what}: ${status} ${text}`);
  return body;
}

/** Settings, a payer who may pay by invoice, and both payment services on the simulators. */
export async function furnishShop(api: HttpApi, simulators: Simulators) {
  await created(
    api.patch('/api/v1/settings', {
      street: 'Bahnhofstrasse',
      buildingNumber: '1',
      postalCode: '8001',
      city: 'Zürich',
      country: 'CH',
      email: 'billing@zuverlaessig.example',
      iban: 'CH93 0076 2011 6238 5295 7',
    }),
    'settings',
    200,
  );
  const contact = await created(
    api.post<{ id: string }>('/api/v1/contacts', {
      kind: 'person',
      firstName: 'Anna',
      lastName: 'Muster',
      street: 'Seestrasse',
      buildingNumber: '7',
      postalCode: '8800',
      city: 'Thalwil',
      country: 'CH',
      email: 'anna.muster@example.ch',
      language: 'de',
    }),
    'contact',
  );
  const saferpay = {
    provider: 'saferpay',
    environment: 'sandbox',
    label: 'Saferpay simulator',
    currencies: ['CHF'],
    methods: ['VISA', 'MASTERCARD', 'TWINT'],
    isDefault: true,
    credentials: { ...sandboxCredentials, baseUrl: `${simulators.origin}/sandbox/saferpay/api` },
  };
  const swissbilling = {
    provider: 'postfinance',
    environment: 'sandbox',
    label: 'SwissBilling simulator',
    currencies: ['CHF'],
    methods: ['SWISSBILLING'],
    isDefault: true,
    credentials: { ...postfinanceSandboxCredentials, baseUrl: `${simulators.origin}/sandbox/postfinance` },
  };
  await created(api.post('/api/v1/connections', saferpay), 'Saferpay connection');
  await created(api.post('/api/v1/connections', swissbilling), 'SwissBilling connection');
  return { contactId: contact.id };
}

export interface SentInvoice {
  id: string;
  payPath: string;
  total: number;
}

/** A sent CHF invoice with both payment services; amounts differ so no two look alike. */
export async function sendInvoice(api: HttpApi, contactId: string, n: number): Promise<SentInvoice> {
  const draft = await created(
    api.post<{ id: string }>('/api/v1/invoices', {
      contactId,
      invoiceDate: '2026-11-02',
      dueDate: '2026-12-02',
      referenceText: `Zuverlässigkeit ${n}`,
      lines: [
        { description: 'Beratung', quantity: String(1 + (n % 7)), unitPrice: 12000 + 35 * n, vatRate: 8.1 },
        { description: 'Fachbuch', quantity: 1, unitPrice: 4990, vatRate: 2.6 },
      ],
    }),
    `invoice ${n}`,
  );
  const sent = await created(api.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`), `sending invoice ${n}`, 200);
  return { id: draft.id, payPath: new URL(sent.payLink!.url).pathname, total: sent.total };
}
