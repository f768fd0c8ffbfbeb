// Disabling a user: every key of theirs stops at once, no key can be issued for them, and
// the tenant always keeps one active admin. Each change is audited.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

interface Problem {
  code: string;
  errors?: { field: string }[];
}

describe('disabling a user', () => {
  it('stops all their keys at the next request, refuses new keys, and lets them back when enabled', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const second = await admin.post<{ apiKey: string }>(`/api/v1/users/${tenant.userIds.bookkeeper}/api-keys`, { label: 'second' });
    const keys = [tenant.keys.bookkeeper, second.body.apiKey];
    for (const key of keys) expect((await apiClient(test.app, key).get('/api/v1/me')).status).toBe(200);

    const disabled = await admin.patch<{ disabled: boolean; disabledAt: string }>(`/api/v1/users/${tenant.userIds.bookkeeper}`, { disabled: true });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    for (const key of keys) {
      const refused = await apiClient(test.app, key).get<Problem>('/api/v1/journal/entries');
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('unauthenticated');
    }
    const issued = await admin.post<Problem>(`/api/v1/users/${tenant.userIds.bookkeeper}/api-keys`, { label: 'sneaky' });
    expect(issued.status).toBe(409);
    expect(issued.body.code).toBe('user_disabled');
    const listed = await admin.get<{ items: { id: string; disabled: boolean }[] }>('/api/v1/users');
    expect(listed.body.items.find((u) => u.id === tenant.userIds.bookkeeper)?.disabled).toBe(true);

    expect((await admin.patch(`/api/v1/users/${tenant.userIds.bookkeeper}`, { disabled: false })).status).toBe(200);
    for (const key of keys) expect((await apiClient(test.app, key).get('/api/v1/me')).status).toBe(200);
    const log = await admin.get<{ items: { action: string; actorUserId: string; details: { userId: string } }[] }>('/api/v1/audit?actor=' + tenant.userIds.admin);
    expect(log.body.items.filter((e) => e.action.startsWith('user.')).map((e) => [e.action, e.details.userId])).toEqual([
      ['user.enabled', tenant.userIds.bookkeeper],
      ['user.disabled', tenant.userIds.bookkeeper],
      ['user.created', tenant.userIds.bookkeeper],
      ['user.created', tenant.userIds.accountant],
    ]);
  });

  it('never disables or demotes the last active admin (409), and nothing is audited then', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const self = await admin.patch<Problem>(`/api/v1/users/${tenant.userIds.admin}`, { disabled: true });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('last_admin');
    expect(self.body.errors?.map((e) => e.field)).toEqual(['disabled']);
    const demoted = await admin.patch<Problem>(`/api/v1/users/${tenant.userIds.admin}`, { role: 'accountant' });
    expect(demoted.status).toBe(409);
    expect(demoted.body.errors?.map((e) => e.field)).toEqual(['role']);
    expect((await admin.get('/api/v1/me')).status).toBe(200);

    // With a second admin the first may go; then the second is the last.
    expect((await admin.patch(`/api/v1/users/${tenant.userIds.accountant}`, { role: 'admin' })).status).toBe(200);
    const secondAdmin = apiClient(test.app, tenant.keys.accountant);
    expect((await secondAdmin.patch(`/api/v1/users/${tenant.userIds.admin}`, { disabled: true })).status).toBe(200);
    expect((await admin.get('/api/v1/me')).status).toBe(401);
    expect((await secondAdmin.patch<Problem>(`/api/v1/users/${tenant.userIds.accountant}`, { disabled: true })).body.code).toBe('last_admin');
    const actions = (await secondAdmin.get<{ items: { action: string }[] }>('/api/v1/audit')).body.items.map((e) => e.action);
    expect(actions.slice(0, 2)).toEqual(['user.disabled', 'user.role_changed']);
  });

  it('of another tenant is not found, and needs users:manage', async () => {
    const tenant = await createTestTenant(test.database);
    const other = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    expect((await admin.patch(`/api/v1/users/${other.userIds.bookkeeper}`, { disabled: true })).status).toBe(404);
    expect((await apiClient(test.app, other.keys.bookkeeper).get('/api/v1/me')).status).toBe(200);
    const denied = await apiClient(test.app, tenant.keys.accountant).patch<{ permission: string }>(`/api/v1/users/${tenant.userIds.bookkeeper}`, { disabled: true });
    expect(denied.status).toBe(403);
    expect(denied.body.permission).toBe('users:manage');
    const unknown = await admin.patch<Problem>(`/api/v1/users/${tenant.userIds.bookkeeper}`, { disabled: 'yes' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.map((e) => e.field)).toEqual(['disabled']);
  });
});
