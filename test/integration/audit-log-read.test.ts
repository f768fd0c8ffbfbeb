// Reading the audit log: filters by action, actor and time, pages over a stable key, and
// rows that exist exactly when their change committed (same transaction).
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { sandboxCredentials } from '../helpers/invoices.js';

interface Entry {
  id: string;
  action: string;
  actorUserId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}
interface Page {
  items: Entry[];
  nextCursor: string | null;
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

describe('GET /api/v1/audit', () => {
  it('filters by action, actor and time range, and names a bad filter', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    await admin.patch(`/api/v1/users/${tenant.userIds.accountant}`, { role: 'admin' });
    const second = apiClient(test.app, tenant.keys.accountant);
    await second.post('/api/v1/accounts', { number: '1031', name: 'Bank B', kind: 'asset' });
    await admin.post('/api/v1/accounts', { number: '1032', name: 'Bank C', kind: 'asset' });

    const created = (await admin.get<Page>('/api/v1/audit?action=account.created')).body.items;
    expect(created.map((e) => e.details.number)).toEqual(['1032', '1031']);
    const bySecond = (await admin.get<Page>(`/api/v1/audit?actor=${tenant.userIds.accountant}`)).body.items;
    expect(bySecond.map((e) => e.action)).toEqual(['account.created']);
    const all = (await admin.get<Page>('/api/v1/audit')).body.items;
    const newest = all[0]!.createdAt;
    const future = new Date(Date.parse(newest) + 60_000).toISOString();
    expect((await admin.get<Page>(`/api/v1/audit?from=${encodeURIComponent(future)}`)).body.items).toEqual([]);
    expect((await admin.get<Page>(`/api/v1/audit?to=${encodeURIComponent(future)}`)).body.items.length).toBe(all.length);
    const past = new Date(Date.parse(all.at(-1)!.createdAt) - 60_000).toISOString();
    expect((await admin.get<Page>(`/api/v1/audit?to=${encodeURIComponent(past)}`)).body.items).toEqual([]);

    const bad = await admin.get<{ errors: { field: string }[] }>('/api/v1/audit?action=everything&from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['action', 'from']);
  });

  it('pages newest first over a stable key: every entry once, also those written in one transaction', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    // One PATCH writes two rows in one transaction (same time): paging must still keep them apart.
    await admin.patch('/api/v1/settings', { systemAccount: '1020', booksClosedUntil: '2025-12-31', city: 'Bern' });
    for (let n = 0; n < 5; n++) await admin.post('/api/v1/accounts', { number: `104${n}`, name: `Bank ${n}`, kind: 'asset' });
    const whole = (await admin.get<Page>('/api/v1/audit?limit=200')).body.items;
    const seen: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = (await admin.get<Page>(`/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((e) => e.id)).toEqual(whole.map((e) => e.id));
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.slice(0, 5).map((e) => e.details.number)).toEqual(['1044', '1043', '1042', '1041', '1040']);
    expect(seen.filter((e) => e.createdAt === seen[5]!.createdAt).length).toBeGreaterThanOrEqual(3);
  });
});

describe('an audit row and its change', () => {
  it('commit together: when the audit row cannot be written, the change does not happen', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const name = `refuse_audit_${tenant.tenantId.replaceAll('-', '')}`;
    await test.database.raw(`
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused in a test'; END $$;
      CREATE TRIGGER ${name} BEFORE INSERT ON audit_log FOR EACH ROW
        WHEN (NEW.tenant_id = '${tenant.tenantId}') EXECUTE FUNCTION ${name}();`);
    try {
      expect((await admin.patch('/api/v1/accounts/1029', { name: 'Renamed' })).status).toBe(500);
      expect((await admin.patch('/api/v1/settings', { iban: 'CH5604835012345678009' })).status).toBe(500);
      expect((await admin.patch(`/api/v1/users/${tenant.userIds.bookkeeper}`, { disabled: true })).status).toBe(500);
      expect((await admin.post(`/api/v1/users/${tenant.userIds.bookkeeper}/api-keys`, { label: 'x' })).status).toBe(500);
      const connection = { provider: 'saferpay', environment: 'sandbox', label: 'x', methods: ['VISA'], credentials: sandboxCredentials };
      expect((await admin.post('/api/v1/connections', connection)).status).toBe(500);
    } finally {
      await test.database.raw(`DROP TRIGGER ${name} ON audit_log; DROP FUNCTION ${name}();`);
    }
    const accounts = await admin.get<{ items: { number: string; name: string }[] }>('/api/v1/accounts');
    expect(accounts.body.items.find((a) => a.number === '1029')?.name).not.toBe('Renamed');
    expect((await admin.get<{ iban: string | null }>('/api/v1/settings')).body.iban).toBeNull();
    expect((await apiClient(test.app, tenant.keys.bookkeeper).get('/api/v1/me')).status).toBe(200);
    expect((await admin.get<{ items: unknown[] }>(`/api/v1/users/${tenant.userIds.bookkeeper}/api-keys`)).body.items).toHaveLength(1);
    expect((await admin.get<{ items: unknown[] }>('/api/v1/connections')).body.items).toEqual([]);
  });
});
