// The Saferpay client against the request and response bodies of the spec digest
// (shared/specs/saferpay.md), with a recording fetch instead of the network.
import { describe, expect, it } from 'vitest';
import { createSaferpayClient } from '../../src/providers/saferpay/client.js';
import { ProviderError } from '../../src/providers/types.js';

const credentials = {
  baseUrl: 'https://test.saferpay.com/api',
  customerId: '123123',
  terminalId: '12345678',
  username: 'API_123123_12345678',
  password: 'secret',
};

function recordingFetch(answers: (() => Response | Promise<Response>)[]) {
  const requests: { url: string; headers: Headers; body: Record<string, unknown> }[] = [];
  const fetchFake = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push({ url: String(input), headers: new Headers(init?.headers), body: JSON.parse(String(init?.body)) });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  }) as typeof fetch;
  return { requests, fetchFake };
}

const json = (status: number, body: unknown) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('Saferpay client', () => {
  it('initialises a payment page with the body the spec shows', async () => {
    const { requests, fetchFake } = recordingFetch([
      json(200, {
        ResponseHeader: { SpecVersion: '1.53', RequestId: 'x' },
        Token: '234uhfh78234hlasdfh8234e1234',
        Expiration: '2026-11-22T18:00:00.000+01:00',
        RedirectUrl: 'https://test.saferpay.com/vt2/api/PaymentPage/123123/12345678/234uhfh78234hlasdfh8234e1234',
        SomethingNew: { tolerated: true },
      }),
    ]);
    const client = createSaferpayClient(credentials, { fetch: fetchFake, sleep: async () => {} });
    const page = await client.initialize({
      amount: 12500,
      currency: 'CHF',
      orderId: 'INV-2024-001',
      description: 'Invoice INV-2024-001',
      paymentMethods: ['VISA', 'MASTERCARD', 'TWINT'],
      language: 'de',
      returnUrl: 'https://shop.example/pay/return?ref=abc',
      successNotifyUrl: 'https://api.example/sp/notify?ref=abc',
      failNotifyUrl: 'https://api.example/sp/notify?ref=abc',
    });
    expect(page.Token).toBe('234uhfh78234hlasdfh8234e1234');
    const [request] = requests;
    expect(request!.url).toBe('https://test.saferpay.com/api/Payment/v1/PaymentPage/Initialize');
    expect(request!.headers.get('Authorization')).toBe(`Basic ${btoa('API_123123_12345678:secret')}`);
    expect(request!.headers.get('Accept')).toBe('application/json');
    expect(request!.body).toEqual({
      RequestHeader: { SpecVersion: '1.53', CustomerId: '123123', RequestId: expect.any(String), RetryIndicator: 0 },
      TerminalId: '12345678',
      Payment: { Amount: { Value: '12500', CurrencyCode: 'CHF' }, OrderId: 'INV-2024-001', Description: 'Invoice INV-2024-001' },
      PaymentMethods: ['VISA', 'MASTERCARD', 'TWINT'],
      Payer: { LanguageCode: 'de' },
      ReturnUrl: { Url: 'https://shop.example/pay/return?ref=abc' },
      Notification: { SuccessNotifyUrl: 'https://api.example/sp/notify?ref=abc', FailNotifyUrl: 'https://api.example/sp/notify?ref=abc' },
    });
  });

  it('reads an Assert answer and refunds by CaptureId', async () => {
    const { requests, fetchFake } = recordingFetch([
      json(200, {
        ResponseHeader: { SpecVersion: '1.53', RequestId: 'x' },
        Transaction: {
          Type: 'PAYMENT',
          Status: 'AUTHORIZED',
          Id: '723n4MAjMdhjSAhAKEUdA8jtl9jb',
          Date: '2026-11-22T10:00:00.000Z',
          Amount: { Value: '12500', CurrencyCode: 'CHF' },
          OrderId: 'INV-2024-001',
          SixTransactionReference: '0:0:3:723n4MAjMdhjSAhAKEUdA8jtl9jb',
        },
        PaymentMeans: { Brand: { PaymentMethod: 'TWINT', Name: 'TWINT' }, DisplayText: 'TWINT' },
      }),
      json(200, {
        ResponseHeader: { SpecVersion: '1.53', RequestId: 'y' },
        Transaction: { Type: 'REFUND', Status: 'AUTHORIZED', Id: 'R23n4MAjMdhjSAhAKEUdA8jtl9jb', Amount: { Value: '1000', CurrencyCode: 'CHF' } },
      }),
    ]);
    const client = createSaferpayClient(credentials, { fetch: fetchFake, sleep: async () => {} });
    const assertion = await client.assert('234uhfh78234hlasdfh8234e1234');
    expect(assertion.Transaction).toMatchObject({ Status: 'AUTHORIZED', Id: '723n4MAjMdhjSAhAKEUdA8jtl9jb' });
    await client.refund({ captureId: '723n4MAjMdhjSAhAKEUdA8jtl9jb_c', amount: 1000, currency: 'CHF', orderId: 'R-INV-1' });
    expect(requests[1]!.body).toMatchObject({
      Refund: { Amount: { Value: '1000', CurrencyCode: 'CHF' }, OrderId: 'R-INV-1', RestrictRefundAmountToCapturedAmount: true },
      CaptureReference: { CaptureId: '723n4MAjMdhjSAhAKEUdA8jtl9jb_c' },
    });
  });

  it('retries network errors and RETRY answers with the same RequestId and a raised RetryIndicator', async () => {
    const { requests, fetchFake } = recordingFetch([
      () => Promise.reject(new TypeError('fetch failed')),
      json(500, { Behavior: 'RETRY', ErrorName: 'INTERNAL_ERROR', ErrorMessage: 'Internal error' }),
      json(200, { CaptureId: 'x_c', Status: 'CAPTURED', Date: '2026-11-22T10:00:00Z' }),
    ]);
    const waits: number[] = [];
    const client = createSaferpayClient(credentials, { fetch: fetchFake, sleep: async (ms) => void waits.push(ms) });
    expect((await client.capture('723n4MAjMdhjSAhAKEUdA8jtl9jb')).Status).toBe('CAPTURED');
    const headers = requests.map((r) => r.body.RequestHeader as { RequestId: string; RetryIndicator: number });
    expect(new Set(headers.map((h) => h.RequestId)).size).toBe(1);
    expect(headers.map((h) => h.RetryIndicator)).toEqual([0, 1, 2]);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
  });

  it('does not retry DO_NOT_RETRY and maps the error name to readable words', async () => {
    const { requests, fetchFake } = recordingFetch([
      json(402, { Behavior: 'DO_NOT_RETRY', ErrorName: 'TRANSACTION_ALREADY_CAPTURED', ErrorMessage: 'Transaction already captured' }),
    ]);
    const client = createSaferpayClient(credentials, { fetch: fetchFake, sleep: async () => {} });
    const error = await client.capture('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'TRANSACTION_ALREADY_CAPTURED', httpStatus: 402, userMessage: 'The payment was captured already.' });
    expect(requests).toHaveLength(1);
  });

  it('gives up after the retry bound', async () => {
    const { requests, fetchFake } = recordingFetch(Array.from({ length: 10 }, () => () => Promise.reject(new TypeError('down'))));
    const client = createSaferpayClient(credentials, { fetch: fetchFake, sleep: async () => {} }, { maxRetries: 3 });
    await expect(client.assert('t')).rejects.toMatchObject({ providerCode: 'COMMUNICATION_FAILED' });
    expect(requests).toHaveLength(4);
  });
});
