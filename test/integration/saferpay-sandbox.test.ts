// The Saferpay sandbox checks what Saferpay checks, and connections verify their credentials.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice, sandboxCredentials } from '../helpers/invoices.js';
import { page, press } from '../helpers/pay-page.js';
import { act } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const header = (retry = 0) => ({ SpecVersion: '1.53', CustomerId: sandboxCredentials.customerId, RequestId: crypto.randomUUID(), RetryIndicator: retry });
const basic = (password = sandboxCredentials.password) => `Basic ${btoa(`${sandboxCredentials.username}:${password}`)}`;

async function call(action: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await test.app.request(`/sandbox/saferpay/api/Payment/v1/${action}`, {
    method: 'POST',
    headers: { Authorization: basic(), 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: JSON.stringify({ RequestHeader: header(), ...body }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const initialize = (overrides: Record<string, unknown> = {}) =>
  call('PaymentPage/Initialize', {
    TerminalId: sandboxCredentials.terminalId,
    Payment: { Amount: { Value: '12500', CurrencyCode: 'CHF' }, OrderId: 'INV-2024-001', Description: 'Invoice INV-2024-001' },
    ReturnUrl: { Url: 'http://localhost:3000/return' },
    ...overrides,
  });

describe('the Saferpay sandbox', () => {
  it("answers Saferpay's errors with Saferpay's statuses and shapes", async () => {
    expect((await call('PaymentPage/Initialize', {}, { Accept: 'text/html' })).status).toBe(406);
    expect((await call('PaymentPage/Initialize', {}, { 'Content-Type': 'text/plain' })).status).toBe(415);
    const unauthenticated = await call('PaymentPage/Initialize', {}, { Authorization: basic('wrong') });
    expect(unauthenticated).toMatchObject({ status: 401, body: { Behavior: 'DO_NOT_RETRY', ErrorName: 'AUTHENTICATION_FAILED' } });
    const invalid = await initialize({ TerminalId: '1234567' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.ErrorName).toBe('VALIDATION_FAILED');
    expect(String(invalid.body.ErrorDetail)).toContain('TerminalId');
    expect((await initialize({ TerminalId: '99999999' })).body.ErrorName).toBe('PERMISSION_DENIED');
    const usd = await initialize({ Payment: { Amount: { Value: '100', CurrencyCode: 'USD' }, Description: 'x' } });
    expect(usd).toMatchObject({ status: 402, body: { ErrorName: 'NO_CONTRACT' } });
  });

  it('answers credentials that are no base64 and actions named like built-ins as Saferpay would, never with a 500', async () => {
    const garbled = await call('PaymentPage/Initialize', {}, { Authorization: 'Basic !!!not-base64!!!' });
    expect(garbled).toMatchObject({ status: 401, body: { ErrorName: 'AUTHENTICATION_FAILED' } });
    const terminal = await test.app.request(`/sandbox/saferpay/api/rest/customers/${sandboxCredentials.customerId}/terminals/${sandboxCredentials.terminalId}`, {
      headers: { Authorization: 'Basic %%%', Accept: 'application/json' },
    });
    expect(terminal.status).toBe(401);
    for (const action of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const unknown = await call(`Transaction/${action}`, {});
      expect(unknown.status, action).toBe(400);
      expect(String(unknown.body.ErrorDetail)).toContain(`Unknown interface Transaction/${action}`);
    }
  });

  it('models each method’s contract as Saferpay’s test terminals: TWINT in CHF only, the cards in CHF and EUR', async () => {
    const eur = { Amount: { Value: '100', CurrencyCode: 'EUR' }, Description: 'x' };
    expect(await initialize({ Payment: eur, PaymentMethods: ['TWINT'] })).toMatchObject({ status: 402, body: { ErrorName: 'NO_CONTRACT' } });
    const mixed = await initialize({ Payment: eur, PaymentMethods: ['VISA', 'TWINT'] });
    expect(mixed.status).toBe(200);
    const hosted = await (await test.app.request(new URL(String(mixed.body.RedirectUrl)).pathname)).text();
    expect(hosted).toContain('value="VISA"');
    expect(hosted).not.toContain('value="TWINT"');
    const terminal = await test.app.request(`/sandbox/saferpay/api/rest/customers/${sandboxCredentials.customerId}/terminals/${sandboxCredentials.terminalId}`, {
      headers: { Authorization: basic(), Accept: 'application/json' },
    });
    expect(((await terminal.json()) as { PaymentMethods: unknown[] }).PaymentMethods).toEqual([
      { PaymentMethod: 'VISA', Currencies: ['CHF', 'EUR'] },
      { PaymentMethod: 'MASTERCARD', Currencies: ['CHF', 'EUR'] },
      { PaymentMethod: 'TWINT', Currencies: ['CHF'] },
    ]);
  });

  it('keeps a payment page lifecycle: not started, authorised, captured once', async () => {
    const page = await initialize();
    expect(page.status).toBe(200);
    const token = String(page.body.Token);
    const early = await call('PaymentPage/Assert', { Token: token });
    expect(early).toMatchObject({ status: 402, body: { Behavior: 'RETRY_LATER', ErrorName: 'TRANSACTION_NOT_STARTED' } });
    await act(test, String(page.body.RedirectUrl), 'VISA', 'approve', 'none');
    const asserted = await call('PaymentPage/Assert', { Token: token });
    const transaction = asserted.body.Transaction as { Status: string; Id: string };
    expect(transaction.Status).toBe('AUTHORIZED');
    const reference = { TransactionReference: { TransactionId: transaction.Id } };
    expect((await call('Transaction/Capture', reference)).body.Status).toBe('CAPTURED');
    expect((await call('Transaction/Capture', reference)).body).toMatchObject({ ErrorName: 'TRANSACTION_ALREADY_CAPTURED' });
  });

  it('expires payment pages after their lifetime', async () => {
    let now = Date.now();
    const clocked = await createTestApp({ now: () => new Date(now) });
    const response = await clocked.app.request('/sandbox/saferpay/api/Payment/v1/PaymentPage/Initialize', {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        RequestHeader: header(),
        TerminalId: sandboxCredentials.terminalId,
        Payment: { Amount: { Value: '100', CurrencyCode: 'CHF' }, Description: 'x' },
        ReturnUrl: { Url: 'http://localhost:3000/return' },
      }),
    });
    const { Token } = (await response.json()) as { Token: string };
    now += 2 * 60 * 60_000;
    const assert = await clocked.app.request('/sandbox/saferpay/api/Payment/v1/PaymentPage/Assert', {
      method: 'POST',
      headers: { Authorization: basic(), 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ RequestHeader: header(), Token }),
    });
    expect(((await assert.json()) as { ErrorName: string }).ErrorName).toBe('TOKEN_EXPIRED');
  });
});

describe('Saferpay connections', () => {
  it('verify their credentials in plain words and never show the password', async () => {
    const { admin } = await invoicingTenant(test);
    const verify = async (overrides: Record<string, unknown>) => {
      const id = await createConnection(admin, { isDefault: false, ...overrides });
      return (await admin.post<{ result: string; message: string }>(`/api/v1/connections/${id}/verify`)).body;
    };
    expect((await verify({})).result).toBe('ok');
    expect((await verify({ credentials: { ...sandboxCredentials, password: 'wrong' } })).result).toBe('credentials_wrong');
    expect((await verify({ credentials: { ...sandboxCredentials, terminalId: '99999999' } })).result).toBe('terminal_not_customers');
    expect((await verify({ environment: 'test' })).result).toBe('unreachable');
    // Beyond Latin-1, which btoa alone cannot encode: sent in UTF-8, refused as any wrong password.
    expect((await verify({ credentials: { ...sandboxCredentials, username: 'API_245000_€', password: 'pässwört😀' } })).result).toBe('credentials_wrong');
    const listing = await admin.get('/api/v1/connections');
    expect(listing.text).not.toContain(sandboxCredentials.password);
    expect(listing.text).toContain('"passwordSet":true');
  });

  it('send a password beyond Latin-1 in UTF-8, as Saferpay reads it', async () => {
    const customer = { ...defaultSaferpaySandbox.customers[0]!, password: 'pässwört€😀' };
    const app = await createTestApp({ sandbox: { saferpay: { ...defaultSaferpaySandbox, customers: [customer] }, postfinance: defaultPostFinanceSandbox } });
    const { admin } = await invoicingTenant(app);
    const id = await createConnection(admin, { credentials: { ...sandboxCredentials, password: customer.password } });
    expect((await admin.post<{ result: string }>(`/api/v1/connections/${id}/verify`)).body.result).toBe('ok');
  });

  it('tells the payer a method is not available when Saferpay has no contract for the currency, and takes it off the page', async () => {
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin, { currencies: ['CHF', 'USD'] });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId, { currency: 'USD' });
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`, { exchangeRate: '0.88' });
    const payPath = new URL(sent.body.payLink.url).pathname;
    const option = /name="option" value="([^"]+:CARD)"/.exec((await page(test, payPath)).html)![1]!;
    // NO_CONTRACT is permanent: not "try again in a moment" (502) as before.
    const response = await press(test, payPath, option);
    expect(response.status).toBe(422);
    expect(response.html).toContain('Visa / Mastercard is not available for this invoice');
    expect(response.html).not.toContain('could not be started');
    // Nothing left online and no QR-bill in USD: where to transfer the money instead.
    expect(response.html).toContain('CH93 0076 2011 6238 5295 7');
    expect(response.html).toContain('TEST MODE'); // no button left, but it was a sandbox service
    const payments = await setup.accountant.get<{ items: { state: string; failureReason: string; failureCode: string }[] }>(`/api/v1/payments?invoiceId=${draft.id}`);
    expect(payments.body.items[0]).toMatchObject({
      state: 'failed',
      failureCode: 'NO_CONTRACT',
      failureReason: 'Worldline Saferpay has no contract for VISA or MASTERCARD in USD.',
    });
    expect((await page(test, payPath)).html).not.toContain('name="option"');
  });
});
