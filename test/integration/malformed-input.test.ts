// No input, however malformed, gets a 500: every answer is a problem naming what is wrong.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

let test: TestApp;
let tenant: TestTenant;
let admin: ReturnType<typeof apiClient>;
beforeAll(async () => {
  test = await createTestApp();
  tenant = await createTestTenant(test.database);
  admin = apiClient(test.app, tenant.keys.admin);
});

const entry = (overrides: Record<string, unknown>, line: Record<string, unknown> = {}) => ({
  date: '2026-03-31',
  text: 'Fees',
  currency: 'CHF',
  lines: [
    { account: '6940', debit: 340, ...line },
    { account: '1029', credit: 340 },
  ],
  ...overrides,
});

describe('malformed requests', () => {
  it('answers broken JSON with 400 malformed_json', async () => {
    const response = await admin.post('/api/v1/journal/manual-entries', '{"date": "2026-', {
      'Content-Type': 'application/json',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(response.body.code).toBe('malformed_json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await admin.post('/api/v1/journal/manual-entries', 'date=2026-03-31', {
      'Content-Type': 'text/plain',
    });
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });

  it('names unknown fields, wrong types, floats, huge numbers and impossible dates', async () => {
    const cases: [unknown, string][] = [
      [entry({ total: 1 }), 'total'],
      [entry({ date: '2026-02-30' }), 'date'],
      [entry({ currency: 42 }), 'currency'],
      [entry({}, { debit: 12.5 }), 'lines.0.debit'],
      [entry({}, { debit: 2 ** 60 }), 'lines.0.debit'],
      [entry({}, { debit: -340 }), 'lines.0.debit'],
      [entry({}, { debit: '340' }), 'lines.0.debit'],
      [entry({ lines: 'none' }), 'lines'],
    ];
    for (const [body, field] of cases) {
      const response = await admin.post<{ code: string; errors: { field: string }[] }>(
        '/api/v1/journal/manual-entries',
        body,
      );
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors.map((e) => e.field)).toContain(field);
    }
    const infinite = await admin.post(
      '/api/v1/journal/manual-entries',
      JSON.stringify(entry({})).replace('340', '1e400'),
    );
    expect(infinite.status).toBe(400);
  });

  it('refuses bodies above 1 MiB, bad ids in paths and unknown routes', async () => {
    const big = await admin.post('/api/v1/contacts', { companyName: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    const badId = await admin.get<{ errors: { field: string }[] }>('/api/v1/journal/entries/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0]?.field).toBe('id');
    const unknown = await admin.get('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('route_not_found');
  });

  it('never answers 500 to hostile bodies on any route that takes one', async () => {
    const document = (await (await test.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
    };
    const nested: Record<string, unknown> = {};
    let cursor = nested;
    for (let i = 0; i < 200; i++) cursor = cursor.a = {} as Record<string, unknown>;
    const hostile = [
      'null',
      '[]',
      '"x"',
      '0',
      '{"a":{"b":[]}}',
      JSON.stringify(nested),
      '{"lines":[{"account":"1029","debit":"1e999"}]}',
    ];
    const id = crypto.randomUUID();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!operation.requestBody || !path.startsWith('/api/')) continue;
        const url = path.replace('{id}', id).replace('{number}', '1029');
        for (const body of hostile) {
          const response = await admin.call(method.toUpperCase(), url, body, {
            'Content-Type': 'application/json',
          });
          expect(response.status, `${method} ${url} ${body.slice(0, 40)}`).toBeLessThan(500);
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.headers.get('Content-Type')).toBe('application/problem+json');
          expect(response.body).toHaveProperty('requestId');
        }
      }
    }
  });
});

describe('an empty PATCH', () => {
  it('of the settings changes nothing and answers the settings as they are', async () => {
    const before = await admin.get<Record<string, unknown>>('/api/v1/settings');
    const patched = await admin.patch<Record<string, unknown>>('/api/v1/settings', {});
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body).toMatchObject({ name: before.body.name, systemAccount: before.body.systemAccount });
  });

  it('of a payment service, a contact or a draft changes nothing and answers it as it is', async () => {
    const connection = await admin.post<{ id: string }>('/api/v1/connections', {
      provider: 'saferpay',
      environment: 'sandbox',
      label: 'Saferpay',
      methods: ['VISA'],
    });
    const contact = await admin.post<{ id: string }>('/api/v1/contacts', {
      kind: 'company',
      companyName: 'Leer AG',
      street: 'Weg',
      postalCode: '3000',
      city: 'Bern',
      country: 'CH',
      email: 'leer@example.ch',
      language: 'de',
    });
    const draft = await admin.post<{ id: string }>('/api/v1/invoices', {
      contactId: contact.body.id,
      lines: [{ description: 'x', quantity: 1, unitPrice: 100, vatRate: 0 }],
    });
    for (const path of [`/api/v1/connections/${connection.body.id}`, `/api/v1/contacts/${contact.body.id}`, `/api/v1/invoices/${draft.body.id}`]) {
      const { updatedAt: _, ...before } = (await admin.get(path)).body;
      const patched = await admin.patch(path, {});
      expect(patched.status, `${path}: ${patched.text}`).toBe(200);
      expect(patched.body, path).toMatchObject(before);
    }
  });
});

describe('the IBAN in the settings', () => {
  it('is refused with a typo in its check digits, which every QR-bill would fail on later', async () => {
    const typo = await admin.patch<{ errors: { field: string; message: string }[] }>('/api/v1/settings', { iban: 'CH93 0076 2011 6238 5295 8' });
    expect(typo.status).toBe(400);
    expect(typo.body.errors).toEqual([expect.objectContaining({ field: 'iban', message: expect.stringContaining('check digits') })]);
    const right = await admin.patch<{ iban: string }>('/api/v1/settings', { iban: 'CH93 0076 2011 6238 5295 7' });
    expect(right.body.iban).toBe('CH9300762011623852957');
  });
});
