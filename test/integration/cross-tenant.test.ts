// Nothing of one tenant is visible or changeable from another. Every route of the OpenAPI
// document is called with tenant B's admin key and tenant A's ids; a new route or path
// parameter makes this test fail until it is added to the maps below.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { camtFixture, postStatement } from '../helpers/bank-statements.js';
import { formatMinor } from '../../src/ledger/currencies.js';

type Api = ReturnType<typeof apiClient>;

let test: TestApp;
let a: { tenant: TestTenant; admin: Api; ids: Record<string, string> };
let b: Api;

beforeAll(async () => {
  test = await createTestApp();
  const setup = await invoicingTenant(test);
  const webhookEndpoint = await setup.admin.post<{ id: string }>('/api/v1/webhook-endpoints', { url: 'http://localhost:3000/sandbox/webhook-receiver/a', events: ['*'] });
  const user = await setup.admin.post<{ id: string }>('/api/v1/users', {
    name: 'A user',
    email: `a-${crypto.randomUUID()}@a.example`,
    role: 'bookkeeper',
  });
  const key = await setup.admin.post<{ id: string }>(`/api/v1/users/${user.body.id}/api-keys`, {
    label: 'a key',
  });
  const entry = await setup.admin.post<{ id: string }>('/api/v1/journal/manual-entries', {
    date: '2026-04-01',
    text: 'A fees',
    currency: 'CHF',
    lines: [
      { account: '6940', debit: 340 },
      { account: '1029', credit: 340 },
    ],
  });
  const connection = await createConnection(setup.admin);
  const invoice = await createDraftInvoice(setup.accountant, setup.contactId);
  const paid = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${paid.id}/send`);
  const pageUrl = await choose(test, new URL(sent.body.payLink.url).pathname, 'CARD');
  await returnTo(test, await act(test, pageUrl, 'VISA', 'approve', 'none'));
  const payments = await setup.admin.get<{ items: { id: string }[] }>(`/api/v1/payments?invoiceId=${paid.id}`);
  // A bank line nothing matched, and a payout with its proposal.
  await setup.admin.put(`/api/v1/connections/${connection}/payout-recognition`, { patterns: ['Worldline'] });
  const month = await postStatement(setup.admin, camtFixture('camt053-v04-month.xml', { ACCOUNT_IBAN: 'CH9300762011623852957' }));
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());
  const payoutFile = camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: 'CH9300762011623852957', CURRENCY: 'CHF', AMOUNT: formatMinor(1000, 'CHF'), DATE: today, REF: 'A-PAYOUT' });
  await postStatement(setup.admin, payoutFile);
  const proposals = await setup.admin.get<{ items: { id: string }[] }>('/api/v1/reconciliation/proposals');
  const deliveries = await setup.admin.get<{ items: { id: string }[] }>(`/api/v1/webhook-endpoints/${webhookEndpoint.body.id}/deliveries`);
  a = {
    tenant: setup.tenant,
    admin: setup.admin,
    ids: {
      user: user.body.id,
      apiKey: key.body.id,
      entry: entry.body.id,
      connection,
      invoice: invoice.id,
      contact: setup.contactId,
      payment: payments.body.items[0]!.id,
      bankEntry: month.body.statements[0]!.entries[0]!.id,
      proposal: proposals.body.items[0]!.id,
      webhookEndpoint: webhookEndpoint.body.id,
      webhookDelivery: deliveries.body.items[0]!.id,
    },
  };
  b = apiClient(test.app, (await createTestTenant(test.database, 'Other AG')).keys.admin);
});

/** Which of A's resources fills the {id} of a path, by the path's first segment. */
const idFor: Record<string, keyof typeof a.ids> = {
  users: 'user',
  'api-keys': 'apiKey',
  journal: 'entry',
  contacts: 'contact',
  invoices: 'invoice',
  connections: 'connection',
  payments: 'payment',
  'webhook-endpoints': 'webhookEndpoint',
};

/** Where the first segment does not say which resource {id} is. */
const idForPath: Record<string, keyof typeof a.ids> = {
  '/api/v1/reconciliation/proposals/{id}/accept': 'proposal',
  '/api/v1/reconciliation/entries/{id}/book': 'bankEntry',
};

/** Bodies valid enough to get past validation, so the tenant check itself is exercised. */
const bodies = (): Record<string, unknown> => ({
  'post /api/v1/users/{id}/api-keys': { label: 'stolen' },
  'post /api/v1/journal/entries/{id}/reverse': {},
  'patch /api/v1/contacts/{id}': { city: 'Bern' },
  'patch /api/v1/invoices/{id}': { referenceText: 'changed by B' },
  'put /api/v1/invoices/{id}/payment-services': { connectionIds: [] },
  'post /api/v1/invoices/{id}/send': {},
  'patch /api/v1/connections/{id}': { label: 'changed by B' },
  'patch /api/v1/accounts/{number}': { name: 'Renamed by B' },
  'post /api/v1/payments/{id}/refund': {},
  'post /api/v1/payments/{id}/book': { rate: '0.95' },
  'post /api/v1/reconciliation/entries/{id}/book': { account: '6940' },
  'put /api/v1/connections/{id}/payout-recognition': { patterns: ['changed by B'] },
  'patch /api/v1/webhook-endpoints/{id}': { description: 'changed by B' },
});

describe('tenant isolation', () => {
  it("refuses every route with tenant A's ids and never shows A's data", async () => {
    const document = (await (await test.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const aIds = Object.values(a.ids);
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(operations)) {
        const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const unknown = params.filter((p) => p !== 'id' && p !== 'number' && p !== 'deliveryId');
        expect(unknown, `extend cross-tenant.test.ts for the parameters of ${method} ${path}`).toEqual([]);
        const segment = path.split('/')[3]!;
        const idKey = idForPath[path] ?? idFor[segment]!;
        if (params.includes('id')) {
          expect(a.ids[idKey], `extend idFor and the resources of tenant A for ${path}`).toBeDefined();
        }
        const url = path.replace('{id}', a.ids[idKey] ?? '').replace('{number}', '1029').replace('{deliveryId}', a.ids.webhookDelivery!);
        const body = bodies()[`${method} ${path}`];
        if (method !== 'get' && !params.length) continue; // creates in B's own tenant; bodies naming A's ids are checked below
        const response = await b.call(method.toUpperCase(), url, body);
        if (params.includes('id')) {
          expect(response.status, `${method} ${url}`).toBe(404);
        } else {
          expect(response.status, `${method} ${url}`).toBeLessThan(500);
        }
        for (const id of aIds) expect(response.text, `${method} ${url} shows ${id}`).not.toContain(id);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("refuses bodies that name tenant A's resources", async () => {
    const invoice = await b.post('/api/v1/invoices', {
      contactId: a.ids.contact,
      lines: [{ description: 'x', quantity: 1, unitPrice: 100, vatRate: 0 }],
    });
    expect(invoice.status).toBe(404);
    const mine = await b.post<{ id: string }>('/api/v1/contacts', {
      kind: 'person',
      firstName: 'Bert',
      lastName: 'B',
      street: 'Weg',
      postalCode: '3000',
      city: 'Bern',
      country: 'CH',
      email: 'bert@b.example',
      language: 'de',
    });
    const draft = await createDraftInvoice(b, mine.body.id);
    const attach = await b.put(`/api/v1/invoices/${draft.id}/payment-services`, {
      connectionIds: [a.ids.connection],
    });
    expect(attach.status).toBe(404);
  });

  it('leaves everything of tenant A as it was', async () => {
    const entry = await a.admin.get<{ reversedByEntryId: string | null; text: string }>(
      `/api/v1/journal/entries/${a.ids.entry}`,
    );
    expect(entry.body).toMatchObject({ text: 'A fees', reversedByEntryId: null });
    const invoice = await a.admin.get<{ status: string; referenceText: string }>(
      `/api/v1/invoices/${a.ids.invoice}`,
    );
    expect(invoice.body).toMatchObject({ status: 'draft', referenceText: 'Mandat 2026/11' });
    expect((await a.admin.get<{ city: string }>(`/api/v1/contacts/${a.ids.contact}`)).body.city).toBe(
      'Genève',
    );
    expect((await a.admin.get<{ label: string }>(`/api/v1/connections/${a.ids.connection}`)).body.label).toBe(
      'Saferpay sandbox',
    );
    const accounts = await a.admin.get<{ items: { number: string; name: string }[] }>('/api/v1/accounts');
    expect(accounts.body.items.find((x) => x.number === '1029')?.name).toBe('Bank – system account');
    const keys = await a.admin.get<{ items: { id: string; revokedAt: string | null }[] }>(
      `/api/v1/users/${a.ids.user}/api-keys`,
    );
    expect(keys.body.items).toEqual([expect.objectContaining({ id: a.ids.apiKey, revokedAt: null })]);
    const payment = await a.admin.get<{ state: string; refundedAmount: number }>(`/api/v1/payments/${a.ids.payment}`);
    expect(payment.body).toMatchObject({ state: 'captured', refundedAmount: 0 });
    const balance = await b.get<{ balanceChf: number }>('/api/v1/accounts/1029/balance?date=2099-01-01');
    expect(balance.body.balanceChf).toBe(0);
  });
});
