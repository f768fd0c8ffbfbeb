// What the audit log records for an admin's security-relevant changes: who, when, what
// changed (field names, values before and after) and never a secret, a key or its hash.
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createConnection, createDraftInvoice, postfinanceSandboxCredentials, sandboxCredentials } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

export interface AuditEntry {
  id: string;
  action: string;
  actorUserId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}
type Api = ReturnType<typeof apiClient>;

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const audit = async (admin: Api, query = '') => (await admin.get<{ items: AuditEntry[]; nextCursor: string | null }>(`/api/v1/audit${query}`)).body;
const me = async (api: Api) => (await api.get<{ user: { id: string } }>('/api/v1/me')).body.user.id;

describe('the audit log', () => {
  it('records a payment service created, changed, its credentials rotated and deleted, without any secret', async () => {
    const { admin } = await invoicingTenant(test);
    const adminId = await me(admin);
    const id = await createConnection(admin, { isDefault: false });
    expect((await admin.patch(`/api/v1/connections/${id}`, { label: 'Saferpay (shop)', currencies: ['CHF', 'EUR'] })).status).toBe(200);
    expect((await admin.patch(`/api/v1/connections/${id}`, { credentials: { password: 'rotated-Secret-123', username: 'API_245000_NEW' } })).status).toBe(200);
    expect((await admin.delete(`/api/v1/connections/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/connections/${id}`)).status).toBe(404);

    const log = await audit(admin);
    const of = (action: string) => log.items.filter((e) => e.action === action && e.details.connectionId === id);
    expect(of('connection.created')[0]).toMatchObject({
      actorUserId: adminId,
      details: { provider: 'saferpay', environment: 'sandbox', credentials: { username: sandboxCredentials.username }, secrets: ['password'] },
    });
    expect(of('connection.changed').map((e) => e.details.changes)).toEqual([
      { 'credentials.username': { from: sandboxCredentials.username, to: 'API_245000_NEW' } },
      { label: { from: 'Saferpay sandbox', to: 'Saferpay (shop)' }, currencies: { from: ['CHF'], to: ['CHF', 'EUR'] } },
    ]);
    expect(of('connection.credentials_rotated')).toEqual([expect.objectContaining({ actorUserId: adminId, details: { connectionId: id, secrets: ['password'] } })]);
    expect(of('connection.deleted')[0]!.details).toMatchObject({ label: 'Saferpay (shop)', provider: 'saferpay' });
    const text = JSON.stringify(log);
    for (const secret of [sandboxCredentials.password, 'rotated-Secret-123']) expect(text).not.toContain(secret);
  });

  it('never records SwissBilling passphrases', async () => {
    const { admin } = await invoicingTenant(test);
    const created = await admin.post<{ id: string }>('/api/v1/connections', {
      provider: 'postfinance', environment: 'sandbox', label: 'SB', methods: ['SWISSBILLING'], credentials: postfinanceSandboxCredentials,
    });
    await admin.patch(`/api/v1/connections/${created.body.id}`, { credentials: { shaOut: 'a-new-sha-out-passphrase' } });
    const text = JSON.stringify(await audit(admin));
    for (const field of ['password', 'shaIn', 'shaOut', 'directLinkPassphrase'] as const) expect(text).not.toContain(postfinanceSandboxCredentials[field]);
    expect(text).not.toContain('a-new-sha-out-passphrase');
    expect(text).toContain('"secrets":["shaOut"]');
  });

  it('keeps a payment service an invoice refers to (409) and audits nothing then', async () => {
    const { admin, accountant, contactId } = await invoicingTenant(test);
    const id = await createConnection(admin);
    await createDraftInvoice(accountant, contactId);
    const refused = await admin.delete<{ code: string; invoices: number }>(`/api/v1/connections/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'connection_in_use', invoices: 1 });
    expect((await admin.get(`/api/v1/connections/${id}`)).status).toBe(200);
    expect((await audit(admin, '?action=connection.deleted')).items).toEqual([]);
  });

  it('records API keys issued and revoked by label and prefix, never the key or its hash', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const key = await admin.post<{ id: string; apiKey: string; displayPrefix: string }>(`/api/v1/users/${tenant.userIds.bookkeeper}/api-keys`, { label: 'export job' });
    expect((await admin.delete(`/api/v1/api-keys/${key.body.id}`)).status).toBe(204);
    const log = await audit(admin);
    const entry = { apiKeyId: key.body.id, userId: tenant.userIds.bookkeeper, label: 'export job', displayPrefix: key.body.displayPrefix };
    expect(log.items.find((e) => e.action === 'api_key.issued' && e.details.apiKeyId === key.body.id)).toMatchObject({ actorUserId: tenant.userIds.admin, details: entry });
    expect(log.items.find((e) => e.action === 'api_key.revoked')).toMatchObject({ actorUserId: tenant.userIds.admin, details: entry });
    const hash = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key.body.apiKey))).toString('hex');
    expect(JSON.stringify(log)).not.toContain(key.body.apiKey);
    expect(JSON.stringify(log)).not.toContain(hash);
  });

  it('records users created and their role changed', async () => {
    const tenant = await createTestTenant(test.database);
    const admin = apiClient(test.app, tenant.keys.admin);
    const user = await admin.post<{ id: string }>('/api/v1/users', { name: 'Carla', email: `carla-${crypto.randomUUID()}@example.ch`, role: 'bookkeeper' });
    expect((await admin.patch(`/api/v1/users/${user.body.id}`, { role: 'accountant' })).status).toBe(200);
    const log = await audit(admin);
    expect(log.items.find((e) => e.action === 'user.created' && e.details.userId === user.body.id)).toMatchObject({
      actorUserId: tenant.userIds.admin,
      details: { name: 'Carla', role: 'bookkeeper' },
    });
    expect(log.items.find((e) => e.action === 'user.role_changed')).toMatchObject({ details: { userId: user.body.id, from: 'bookkeeper', to: 'accountant' } });
  });

  it('records settings (IBAN, address), the system account, the closed period and accounts with before and after', async () => {
    const { admin } = await invoicingTenant(test);
    await admin.patch('/api/v1/settings', { iban: 'CH56 0483 5012 3456 7800 9', city: 'Bern', booksClosedUntil: '2025-12-31', systemAccount: '1020' });
    await admin.post('/api/v1/accounts', { number: '1030', name: 'Bank Stripe', kind: 'asset' });
    await admin.patch('/api/v1/accounts/1030', { name: 'Bank (Stripe)' });
    // Newest first: the first entry of each action is this change (the tenant's setup came before).
    const byAction = Object.fromEntries((await audit(admin)).items.reverse().map((e) => [e.action, e.details]));
    expect(byAction['settings.changed']).toEqual({
      changes: { city: { from: 'Zürich', to: 'Bern' }, iban: { from: 'CH9300762011623852957', to: 'CH5604835012345678009' } },
    });
    expect(byAction['books_closed_until.changed']).toEqual({ from: null, to: '2025-12-31' });
    expect(byAction['system_account.changed']).toEqual({ from: '1029', to: '1020' });
    expect(byAction['account.created']).toEqual({ number: '1030', name: 'Bank Stripe', kind: 'asset' });
    expect(byAction['account.renamed']).toEqual({ number: '1030', from: 'Bank Stripe', to: 'Bank (Stripe)' });
  });

  it('is read with audit:read only, and shows each tenant its own entries', async () => {
    const { admin, accountant } = await invoicingTenant(test);
    const denied = await accountant.get<{ code: string; permission: string }>('/api/v1/audit');
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'forbidden', permission: 'audit:read' });
    const other = await createTestTenant(test.database);
    const tenantIds = new Set((await audit(apiClient(test.app, other.keys.admin))).items.map((e) => e.details.userId ?? e.details.apiKeyId));
    for (const entry of (await audit(admin)).items) expect(tenantIds.has(entry.details.userId ?? entry.details.apiKeyId)).toBe(false);
  });
});
