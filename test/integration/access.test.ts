// Who may do what: keys, revocation, and 403 answers that say which permission is missing.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

let test: TestApp;
let tenant: TestTenant;
beforeAll(async () => {
  test = await createTestApp();
  tenant = await createTestTenant(test.database);
});

const fee = {
  date: '2026-03-31',
  text: 'Saferpay fees March',
  currency: 'CHF',
  lines: [
    { account: '6940', debit: 340 },
    { account: '1029', credit: 340 },
  ],
};

describe('authentication', () => {
  it('answers 401 problems without a key, with an unknown key and with a malformed header', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer ipk_not-a-key' },
      { Authorization: 'Basic abc' },
    ];
    for (const headers of attempts) {
      const response = await test.app.request('/api/v1/me', { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('Content-Type')).toBe('application/problem+json');
      const body = (await response.json()) as { code: string; requestId: string };
      expect(body.code).toBe('unauthenticated');
      expect(body.requestId).toBeTruthy();
    }
  });

  it('shows a new key once, lets it work, and stops it after revocation', async () => {
    const admin = apiClient(test.app, tenant.keys.admin);
    const user = await admin.post<{ id: string }>('/api/v1/users', {
      name: 'Bea Buchhalterin',
      email: `bea-${crypto.randomUUID()}@example.ch`,
      role: 'bookkeeper',
    });
    expect(user.status).toBe(201);
    const key = await admin.post<{ id: string; apiKey: string }>(`/api/v1/users/${user.body.id}/api-keys`, {
      label: 'laptop',
    });
    expect(key.status).toBe(201);
    expect(key.body.apiKey).toMatch(/^ipk_/);
    const listing = await admin.get(`/api/v1/users/${user.body.id}/api-keys`);
    expect(listing.text).not.toContain(key.body.apiKey);

    const bea = apiClient(test.app, key.body.apiKey);
    expect((await bea.get('/api/v1/me')).body).toMatchObject({ user: { role: 'bookkeeper' } });
    expect((await admin.delete(`/api/v1/api-keys/${key.body.id}`)).status).toBe(204);
    expect((await bea.get('/api/v1/me')).status).toBe(401);
  });
});

describe('permissions', () => {
  it('answers 403 naming the missing permission and the roles that have it', async () => {
    const accountant = apiClient(test.app, tenant.keys.accountant);
    const response = await accountant.post('/api/v1/journal/manual-entries', fee);
    expect(response.status).toBe(403);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(response.body).toMatchObject({
      code: 'forbidden',
      permission: 'journal:write',
      rolesWithPermission: ['admin', 'bookkeeper'],
    });
    expect(String(response.body.detail)).toContain('journal:write');
    expect(String(response.body.detail)).toContain('accountant');
    expect(String(response.body.detail)).toMatch(/admin, bookkeeper/);

    const bookkeeper = apiClient(test.app, tenant.keys.bookkeeper);
    const settings = await bookkeeper.patch('/api/v1/settings', { systemAccount: '1020' });
    expect(settings.status).toBe(403);
    expect(settings.body.permission).toBe('settings:manage');
    expect((await bookkeeper.post('/api/v1/journal/manual-entries', fee)).status).toBe(201);
  });

  it('lets each role read only what its work needs', async () => {
    const accountant = apiClient(test.app, tenant.keys.accountant);
    const bookkeeper = apiClient(test.app, tenant.keys.bookkeeper);
    expect((await accountant.get('/api/v1/journal/entries')).status).toBe(403);
    expect((await accountant.get('/api/v1/invoices')).status).toBe(200);
    expect((await bookkeeper.get('/api/v1/journal/entries')).status).toBe(200);
    expect(
      (await bookkeeper.post('/api/v1/users', { name: 'x', email: 'x@example.ch', role: 'admin' })).status,
    ).toBe(403);
  });
});
