// Outbound calls go to the providers' official hosts, or to the simulators only while this
// server runs them: an admin cannot aim the service (or a payer) at a host of their choosing.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tamper, type TestApp, apiClient, createTestApp, fetchIntoApp, rewriteAnswers, testOrigin } from '../helpers/app.js';
import { createConnection, createDraftInvoice, createSwissBillingConnection, postfinanceSandboxCredentials, sandboxCredentials } from '../helpers/invoices.js';
import { buttons, page, press } from '../helpers/pay-page.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Problem {
  code: string;
  errors?: { field: string }[];
}

let sandboxOn: TestApp;
let sandboxOff: TestApp;
/** Every URL the sandbox-off server tried to reach. */
const reached: string[] = [];
beforeAll(async () => {
  sandboxOn = await createTestApp();
  sandboxOff = await createTestApp({
    sandbox: null,
    fetch: (async (input: RequestInfo | URL) => {
      reached.push(String(input instanceof Request ? input.url : input));
      throw new TypeError('fetch failed: no network in this test');
    }) as typeof fetch,
  });
});

const fields = (body: Problem) => (body.errors ?? []).map((e) => e.field);

/** A tenant with a sent invoice and a paid sandbox Saferpay payment, made while the sandbox ran. */
async function paidOnSandbox(connection: Record<string, unknown> = {}) {
  const setup = await invoicingTenant(sandboxOn);
  const connectionId = await createConnection(setup.admin, connection);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  const payPath = new URL(sent.body.payLink.url).pathname;
  await returnTo(sandboxOn, await act(sandboxOn, await choose(sandboxOn, payPath, 'CARD'), 'VISA', 'approve', 'none'));
  const payments = await setup.accountant.get<{ items: { id: string; state: string }[] }>(`/api/v1/payments?invoiceId=${draft.id}`);
  // The same tenant, as the server without simulators (production) sees it.
  const off = { admin: apiClient(sandboxOff.app, setup.tenant.keys.admin), accountant: apiClient(sandboxOff.app, setup.tenant.keys.accountant) };
  return { setup, off, connectionId, draft, payPath, payment: payments.body.items[0]! };
}

describe('with the sandbox off (SANDBOX_ENABLED=false)', () => {
  it('refuses to create a sandbox payment service or one with a base URL, naming the field', async () => {
    const { tenant } = await invoicingTenant(sandboxOff);
    const admin = apiClient(sandboxOff.app, tenant.keys.admin);
    const base = { provider: 'saferpay', label: 'x', methods: ['VISA'], credentials: sandboxCredentials };
    const sandbox = await admin.post<Problem>('/api/v1/connections', { ...base, environment: 'sandbox' });
    expect(sandbox.status).toBe(422);
    expect(sandbox.body.code).toBe('sandbox_disabled');
    expect(fields(sandbox.body)).toEqual(['environment']);
    for (const baseUrl of ['http://127.0.0.1:5432/api', 'http://169.254.169.254/latest/meta-data']) {
      const aimed = await admin.post<Problem>('/api/v1/connections', { ...base, environment: 'sandbox', credentials: { ...sandboxCredentials, baseUrl } });
      expect(aimed.status).toBe(422);
      expect(fields(aimed.body)).toContain('credentials.baseUrl');
    }
    const pf = await admin.post<Problem>('/api/v1/connections', {
      provider: 'postfinance', environment: 'sandbox', label: 'x', methods: ['SWISSBILLING'], credentials: postfinanceSandboxCredentials,
    });
    expect(pf.body.code).toBe('sandbox_disabled');
    expect((await admin.get<{ items: unknown[] }>('/api/v1/connections')).body.items).toEqual([]);
    expect(reached).toEqual([]);
  });

  it('does not use an existing sandbox service: no verify, no button, no start, no refund, no change', async () => {
    const { off, connectionId, payPath, payment } = await paidOnSandbox();
    expect(payment.state).toBe('captured');
    const verify = await off.admin.post<Problem>(`/api/v1/connections/${connectionId}/verify`);
    expect(verify.status).toBe(422);
    expect(verify.body.code).toBe('sandbox_disabled');
    expect(fields(verify.body)).toEqual(['environment']);
    const changed = await off.admin.patch<Problem>(`/api/v1/connections/${connectionId}`, { label: 'renamed' });
    expect(changed.status).toBe(422);
    expect(fields(changed.body)).toEqual(['environment']);
    const refund = await off.accountant.post<Problem>(`/api/v1/payments/${payment.id}/refund`);
    expect(refund.status).toBe(422);
    expect(refund.body.code).toBe('sandbox_disabled');
    expect((await off.accountant.get<{ refundedAmount: number }>(`/api/v1/payments/${payment.id}`)).body.refundedAmount).toBe(0);

    // The first invoice is paid; a second one on the same service gets no button, and a forged press starts nothing.
    expect(payPath).toMatch(/^\/pay\//);
    const second = await sandboxInvoice(off.accountant);
    expect(buttons((await page(sandboxOff, second.payPath)).html)).toEqual([]);
    const forged = await press(sandboxOff, second.payPath, `${connectionId}:CARD`);
    expect(forged.status).toBe(422);
    expect((await off.accountant.get<{ items: unknown[] }>(`/api/v1/payments?invoiceId=${second.id}`)).body.items).toEqual([]);
    expect(reached).toEqual([]);
  });

  it('lets an admin move a sandbox service to test, which then calls the official host only', async () => {
    // A simulator of the admin's choosing is fine while the sandbox runs (here: the built-in one).
    const { off, connectionId } = await paidOnSandbox({ credentials: { ...sandboxCredentials, baseUrl: `${testOrigin}/sandbox/saferpay/api` } });
    const moved = await off.admin.patch<{ environment: string; credentials: { baseUrl: unknown } }>(`/api/v1/connections/${connectionId}`, { environment: 'test' });
    expect(moved.status).toBe(200);
    expect(moved.body.credentials.baseUrl).toBeNull();
    reached.length = 0;
    expect((await off.admin.post<{ result: string }>(`/api/v1/connections/${connectionId}/verify`)).body.result).toBe('unreachable');
    expect(reached.map((url) => new URL(url).origin)).toEqual(['https://test.saferpay.com']);
    reached.length = 0;
  });
});

/** Sends one more invoice of the tenant behind `accountant`. */
async function sandboxInvoice(accountant: ReturnType<typeof apiClient>) {
  const contacts = await accountant.get<{ items: { id: string }[] }>('/api/v1/contacts');
  const draft = await createDraftInvoice(accountant, contacts.body.items[0]!.id);
  const sent = await accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  return { id: draft.id, payPath: new URL(sent.body.payLink.url).pathname };
}

describe('test and live payment services', () => {
  it('refuse a base URL: they always use the official hosts', async () => {
    const { admin } = await invoicingTenant(sandboxOn);
    const aimed = await admin.post<Problem>('/api/v1/connections', {
      provider: 'saferpay', environment: 'live', label: 'x', methods: ['VISA'], credentials: { ...sandboxCredentials, baseUrl: 'http://127.0.0.1:8080/api' },
    });
    expect(aimed.status).toBe(422);
    expect(aimed.body.code).toBe('base_url_not_allowed');
    expect(fields(aimed.body)).toEqual(['credentials.baseUrl']);
    const id = await createConnection(admin, { environment: 'test', isDefault: false });
    const patched = await admin.patch<Problem>(`/api/v1/connections/${id}`, { credentials: { baseUrl: 'http://169.254.169.254/' } });
    expect(patched.status).toBe(422);
    expect(fields(patched.body)).toEqual(['credentials.baseUrl']);
  });
});

describe("the payer is sent only to the provider's payment page host", () => {
  // Saferpay's test host answered by the simulator, so a test service can start a payment here.
  const viaTestHost = (tamper?: Tamper) => {
    let app: TestApp['app'] | null = null;
    const inner = fetchIntoApp(() => app!, tamper);
    const routed = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input instanceof Request ? input.url : input).replace('https://test.saferpay.com/api', `${testOrigin}/sandbox/saferpay/api`);
      return inner(url, init);
    }) as typeof fetch;
    return createTestApp({ fetch: routed }).then((test) => {
      app = test.app;
      return test;
    });
  };

  async function pressCard(test: TestApp, environment: string) {
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin, { environment });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    const payPath = new URL(sent.body.payLink.url).pathname;
    const option = /name="option" value="([^"]+:CARD)"/.exec((await page(test, payPath)).html)?.[1] ?? '';
    const response = await test.app.request(`${payPath}/attempts?lang=en`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ option }).toString(),
    });
    const payments = await setup.accountant.get<{ items: { state: string; failureReason: string | null }[] }>(`/api/v1/payments?invoiceId=${draft.id}`);
    return { status: response.status, location: response.headers.get('Location'), html: await response.text(), attempt: payments.body.items[0]! };
  }

  it('refuses a RedirectUrl on another origin: the attempt fails and the payer reads "could not start"', async () => {
    const evil = await createTestApp({}, { tamper: rewriteAnswers('/PaymentPage/Initialize', (body) => body.replaceAll(testOrigin, 'https://pay.evil.example')) });
    const result = await pressCard(evil, 'sandbox');
    expect(result.status).toBe(502);
    expect(result.location).toBeNull();
    expect(result.html).not.toContain('evil.example');
    expect(result.attempt.state).toBe('failed');
    expect(result.attempt.failureReason).toContain('REDIRECT_REFUSED');
  });

  it('for a test service follows only https://test.saferpay.com, not the simulator the answer names', async () => {
    const simulatorPage = await pressCard(await viaTestHost(), 'test');
    expect(simulatorPage.status).toBe(502);
    expect(simulatorPage.attempt.failureReason).toContain(testOrigin);
    const rewritten = await viaTestHost(rewriteAnswers('/PaymentPage/Initialize', (body) => body.replaceAll(`${testOrigin}/sandbox/saferpay`, 'https://test.saferpay.com')));
    const officialPage = await pressCard(rewritten, 'test');
    expect(officialPage.status).toBe(303);
    expect(new URL(officialPage.location!).origin).toBe('https://test.saferpay.com');
  });

  it('posts the SwissBilling form to the official host for a test service', async () => {
    const setup = await invoicingTenant(sandboxOn);
    await createSwissBillingConnection(setup.admin, { environment: 'test', isDefault: true });
    const contactId = await setup.accountant.post<{ id: string }>('/api/v1/contacts', {
      kind: 'person', firstName: 'Anna', lastName: 'Muster', street: 'Limmatquai', buildingNumber: '55', postalCode: '8001', city: 'Zürich', country: 'CH', email: 'anna@example.ch', language: 'de',
    });
    const draft = await createDraftInvoice(setup.accountant, contactId.body.id);
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    const payPath = new URL(sent.body.payLink.url).pathname;
    const option = /name="option" value="([^"]+:SWISSBILLING)"/.exec((await page(sandboxOn, payPath)).html)![1]!;
    const form = await press(sandboxOn, payPath, option);
    expect(form.status).toBe(200);
    expect(form.html).toContain('action="https://e-payment.postfinance.ch/ncol/test/orderstandard_utf8.asp"');
  });
});
