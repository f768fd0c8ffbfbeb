// A payment service keeps the currencies of each method's contract (issue 9, point 6): the
// admin can set them, verify reads them from Saferpay's terminal and says in plain words
// which method lacks which currency, and the online invoice follows them.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { type TestApp, createTestApp, rewriteAnswers } from '../helpers/app.js';
import { createConnection, createDraftInvoice, createSwissBillingConnection } from '../helpers/invoices.js';
import { buttons, page } from '../helpers/pay-page.js';
import { choose } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Connection {
  id: string;
  methodCurrencies: Record<string, string[]>;
}
interface Verdict {
  result: string;
  message: string;
  missing: { method: string; currency: string }[];
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const saferpay = (overrides: Record<string, unknown>) => ({
  provider: 'saferpay',
  environment: 'sandbox',
  label: 'Saferpay',
  currencies: ['CHF', 'EUR'],
  methods: ['VISA', 'MASTERCARD', 'TWINT'],
  ...overrides,
});

async function eurInvoicePage(setup: Awaited<ReturnType<typeof invoicingTenant>>) {
  const draft = await createDraftInvoice(setup.accountant, setup.contactId, { currency: 'EUR' });
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`, { exchangeRate: '0.94' });
  return new URL(sent.body.payLink!.url).pathname;
}

describe('the currencies of each method on a payment service', () => {
  it('are kept and returned, and refused with 422 naming the field when they name a method or currency the service lacks', async () => {
    const { admin } = await invoicingTenant(test);
    const created = await admin.post<Connection>('/api/v1/connections', saferpay({ methodCurrencies: { TWINT: ['CHF'], VISA: ['CHF', 'EUR'] } }));
    expect(created.status).toBe(201);
    expect(created.body.methodCurrencies).toEqual({ TWINT: ['CHF'], VISA: ['CHF', 'EUR'] });
    expect((await admin.get<Connection>(`/api/v1/connections/${created.body.id}`)).body.methodCurrencies).toEqual({ TWINT: ['CHF'], VISA: ['CHF', 'EUR'] });

    const refusals = [
      [{ SWISSBILLING: ['CHF'] }, 'methodCurrencies.SWISSBILLING', 'method_not_enabled'],
      [{ TWINT: ['CHF', 'USD'] }, 'methodCurrencies.TWINT.1', 'currency_not_enabled'],
      [{ VISA: ['XXX'] }, 'methodCurrencies.VISA.0', 'currency_not_enabled'],
    ] as const;
    for (const [methodCurrencies, field, code] of refusals) {
      const refused = await admin.post<{ code: string; errors: { field: string }[] }>('/api/v1/connections', saferpay({ methodCurrencies }));
      expect(refused.status, JSON.stringify(methodCurrencies)).toBe(422);
      expect(refused.body.code).toBe(code);
      expect(refused.body.errors.map((e) => e.field)).toEqual([field]);
    }

    // Switching a currency or a method off takes it out of the per-method lists too.
    const patched = await admin.patch<Connection>(`/api/v1/connections/${created.body.id}`, { currencies: ['CHF'], methods: ['VISA', 'MASTERCARD'] });
    expect(patched.status).toBe(200);
    expect(patched.body.methodCurrencies).toEqual({ VISA: ['CHF'] });
  });

  it('decide the card brands of an EUR invoice: the button and Saferpay’s page name only the brand with EUR', async () => {
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin, { currencies: ['CHF', 'EUR'], methodCurrencies: { VISA: ['CHF', 'EUR'], MASTERCARD: ['CHF'], TWINT: ['CHF'] } });
    const payPath = await eurInvoicePage(setup);
    expect(buttons((await page(test, payPath)).html)).toEqual([['CARD', 'Visa']]);
    const hosted = (await page(test, new URL(await choose(test, payPath, 'CARD')).pathname)).html;
    expect(hosted).toContain('value="VISA"');
    expect(hosted).not.toContain('value="MASTERCARD"');
  });
});

describe('verifying a Saferpay service', () => {
  it('reads each method’s currencies from the terminal and names the method that lacks one', async () => {
    const setup = await invoicingTenant(test);
    // The admin believed TWINT had EUR too; the terminal knows better.
    const id = await createConnection(setup.admin, { currencies: ['CHF', 'EUR'], methodCurrencies: { TWINT: ['CHF', 'EUR'] } });
    const before = await eurInvoicePage(setup);
    expect(buttons((await page(test, before)).html).map(([choice]) => choice)).toEqual(['CARD', 'TWINT']);

    const verdict = await setup.admin.post<Verdict>(`/api/v1/connections/${id}/verify`);
    expect(verdict.status).toBe(200);
    expect(verdict.body.result).toBe('contracts_incomplete');
    expect(verdict.body.message).toContain('TWINT has no contract for EUR');
    expect(verdict.body.message).not.toMatch(/VISA|MASTERCARD/);
    expect(verdict.body.missing).toEqual([{ method: 'TWINT', currency: 'EUR' }]);
    const connection = await setup.admin.get<Connection>(`/api/v1/connections/${id}`);
    expect(connection.body.methodCurrencies).toEqual({ VISA: ['CHF', 'EUR'], MASTERCARD: ['CHF', 'EUR'], TWINT: ['CHF'] });
    expect(buttons((await page(test, await eurInvoicePage(setup))).html).map(([choice]) => choice)).toEqual(['CARD']);
  });

  it('answers a service without credentials with 409 and the way on, not a 501', async () => {
    const { admin } = await invoicingTenant(test);
    const id = await createConnection(admin, { credentials: undefined });
    const verdict = await admin.post<{ code: string; detail: string }>(`/api/v1/connections/${id}/verify`);
    expect(verdict.status).toBe(409);
    expect(verdict.headers.get('Content-Type')).toBe('application/problem+json');
    expect(verdict.body).toMatchObject({ code: 'method_unavailable', detail: expect.stringContaining('PATCH credentials') });
  });

  it('says a plain "works" when every enabled method has every enabled currency', async () => {
    const { admin } = await invoicingTenant(test);
    const id = await createConnection(admin, { currencies: ['CHF'] });
    const ok = await admin.post<Verdict>(`/api/v1/connections/${id}/verify`);
    expect(ok.body).toMatchObject({ result: 'ok', message: 'Saferpay accepts the credentials and the terminal belongs to the customer.', missing: [] });
  });

  it('answers in plain words, and changes nothing, when the look-up answers 200 with something else (issue 10, point 6)', async () => {
    let answer = '<html>Proxy login</html>';
    const tampered = await createTestApp({}, { tamper: rewriteAnswers('/terminals/17795278', () => answer) });
    const { admin } = await invoicingTenant(tampered);
    const id = await createConnection(admin, { methodCurrencies: { VISA: ['CHF'] } });
    const answers: [string, string][] = [
      ['<html>Proxy login</html>', 'not JSON'],
      ['[]', 'expected object'],
      ['{"TerminalId":"17795278","PaymentMethods":[{"PaymentMethod":"VISA","Currencies":"CHF"}]}', 'PaymentMethods.0.Currencies'],
    ];
    for (const [body, words] of answers) {
      answer = body;
      const verdict = await admin.post<Verdict>(`/api/v1/connections/${id}/verify`);
      expect(verdict.status, body).toBe(200);
      expect(verdict.body.result).toBe('error');
      expect(verdict.body.message).toContain('Saferpay answered HTTP 200 with no terminal we can read');
      expect(verdict.body.message).toContain(words);
    }
    expect((await admin.get<Connection>(`/api/v1/connections/${id}`)).body.methodCurrencies).toEqual({ VISA: ['CHF'] });

    const pfApp = await createTestApp({}, { tamper: rewriteAnswers('/querydirect.asp', () => '<html>Maintenance</html>') });
    const pf = await invoicingTenant(pfApp);
    const pfId = await createSwissBillingConnection(pf.admin);
    const pfVerdict = await pf.admin.post<Verdict>(`/api/v1/connections/${pfId}/verify`);
    expect(pfVerdict.status).toBe(200);
    expect(pfVerdict.body.result).toBe('error');
  });
});
