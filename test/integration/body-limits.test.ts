// Every route limits its body, and while the body streams in: an unauthenticated client
// posting hundreds of megabytes to a payer's form or a provider callback is cut off after
// the first few kilobytes, not after the process has read them all.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

/** A body of `total` bytes with no Content-Length; counts what the server pulled from it. */
function endlessBody(total: number) {
  let sent = 0;
  const chunk = new TextEncoder().encode('a='.concat('x'.repeat(64 * 1024 - 2)));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

const publicRoutes = [
  '/callbacks/postfinance/00000000-0000-4000-8000-000000000000',
  '/pay/AAAAAAAAAAAAAAAAAAAAAAAA/attempts',
  '/pay-feedback/AAAAAAAAAAAAAAAAAAAAAAAA',
  '/sandbox/postfinance/test/orderstandard_utf8.asp',
];

describe('request bodies', () => {
  it.each(publicRoutes)('are cut off at 64 KiB while streaming on %s', async (route) => {
    const body = endlessBody(200 * 1024 * 1024);
    const response = await test.app.request(route, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body.stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('Content-Type')).toMatch(/problem\+json/);
    expect(body.pulled()).toBeLessThan(1024 * 1024);
  });

  it('are refused by their declared length before anything is read', async () => {
    const response = await test.app.request(publicRoutes[0]!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': String(200 * 1024 * 1024) },
      body: 'a=b',
    });
    expect(response.status).toBe(413);
  });

  it('of a normal size still reach the route', async () => {
    const response = await test.app.request(publicRoutes[0]!, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'orderID=1&STATUS=9',
    });
    expect(response.status).toBe(404);
  });
});

describe('a NUL byte', () => {
  it('in any text is refused with 400 naming the field, in JSON, queries and forms alike', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const account = await admin.post<{ code: string; errors: { field: string }[] }>('/api/v1/accounts', { number: '6999', name: 'Fees\u0000', kind: 'expense' });
    expect(account.status).toBe(400);
    expect(account.body.errors.map((e) => e.field)).toEqual(['name']);
    expect((await admin.get('/api/v1/accounts')).text).not.toContain('6999');

    const search = await admin.get<{ errors: { field: string }[] }>('/api/v1/contacts?q=a%00b');
    expect(search.status).toBe(400);
    expect(search.body.errors[0]?.field).toBe('q');

    const form = await test.app.request('/callbacks/postfinance/00000000-0000-4000-8000-000000000000', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'orderID=1%002&STATUS=9',
    });
    expect(form.status).toBe(400);
  });

  it('has a sibling: a lone surrogate (JSON allows \\ud800 alone) is refused naming the field, in values and keys', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const credentials = { customerId: '245000', terminalId: '17795278', username: 'API_\ud800', password: 'secret' };
    const connection = { provider: 'saferpay', environment: 'sandbox', label: 'Saferpay', methods: ['VISA'], credentials };
    const cases: [string, string, string][] = [
      ['/api/v1/connections', JSON.stringify(connection), 'credentials.username'],
      ['/api/v1/connections', JSON.stringify({ ...connection, credentials: undefined, methodCurrencies: { '\udc00': ['CHF'] } }), 'methodCurrencies.\udc00'],
      ['/api/v1/accounts', JSON.stringify({ number: '6999', name: 'Fees \udfff', kind: 'expense' }), 'name'],
    ];
    for (const [path, body, field] of cases) {
      const refused = await admin.post<{ errors: { field: string; message: string }[] }>(path, body);
      expect(refused.status, body).toBe(400);
      expect(refused.body.errors).toEqual([{ field, message: expect.stringContaining('lone surrogate') }]);
    }
    expect((await admin.get('/api/v1/accounts')).text).not.toContain('6999');
    // A whole pair is a character like any other.
    expect((await admin.post('/api/v1/accounts', { number: '6998', name: 'Fees 😀', kind: 'expense' })).status).toBe(201);
  });

  it('is found at any depth, and a body nested 100,000 levels deep is refused, not a stack overflow (500)', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const deep = await admin.post<{ code: string }>('/api/v1/invoices', '['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.status).toBe(400);
    expect(deep.body.code).toBe('validation_failed');
    const nul = await admin.post<{ errors: { field: string }[] }>('/api/v1/contacts', '{"a":'.repeat(10_000) + '"x\\u0000"' + '}'.repeat(10_000));
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0]?.field).toBe(Array(10_000).fill('a').join('.'));
  });
});
