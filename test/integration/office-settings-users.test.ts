import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeys, outboxMessages, users } from '../../src/db/schema.js';
import { type TestApp, type TestTenant, apiClient } from '../helpers/app.js';
import { type signedIn, settingsStage, visibleText } from '../helpers/office-settings.js';

let t: TestApp;
let tenant: TestTenant;
let visitor: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  ({ t, tenant, visitor } = await settingsStage());
});

describe('users in the back office', () => {
  it('invites a user by e-mail: the user exists with the role and a link is queued in the outbox', async () => {
    await visitor.get('/office/settings/users');
    const invited = await visitor.post('/office/settings/users', { name: 'Bea Buchhalterin', email: 'bea@muster.example', role: 'bookkeeper', language: 'fr' });
    expect(invited.status).toBe(303);
    const [user] = await t.database.db.select().from(users).where(and(eq(users.tenantId, tenant.tenantId), eq(users.email, 'bea@muster.example')));
    expect(user).toMatchObject({ name: 'Bea Buchhalterin', role: 'bookkeeper', passwordHash: null });
    const mails = await t.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.tenantId, tenant.tenantId), eq(outboxMessages.kind, 'account_email')));
    expect(JSON.stringify(mails.map((mail) => mail.payload))).toContain('bea@muster.example');
    const page = await visitor.get(invited.location!);
    expect(visibleText(page)).toContain('The invitation is on its way. The link in it works for 7 days.');
    expect(visibleText(page)).toContain('Bea Buchhalterin bea@muster.example');
    expect(visibleText(page)).toContain('invited, no password yet');
  });

  it('refuses an address in use and a bad address next to the field, keeping the input', async () => {
    await visitor.get('/office/settings/users');
    const bad = await visitor.post('/office/settings/users', { name: 'Carla', email: 'carla-at-example', role: 'accountant', language: 'it' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="field-email-error"');
    expect(bad.text).toContain('value="carla-at-example"');
    const twice = await visitor.post('/office/settings/users', { name: 'Bea again', email: 'bea@muster.example', role: 'accountant', language: 'de' });
    expect(twice.status).toBe(409);
    expect(visibleText(twice)).toContain('A user with this e-mail address exists already.');
  });

  it('changes a role, disables and enables a user through the API\'s verb', async () => {
    await visitor.get('/office/settings/users');
    const id = tenant.userIds.accountant;
    expect((await visitor.post(`/office/settings/users/${id}/role`, { role: 'bookkeeper' })).status).toBe(303);
    expect((await visitor.post(`/office/settings/users/${id}/disable`, {})).status).toBe(303);
    const [disabled] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(disabled).toMatchObject({ role: 'bookkeeper' });
    expect(disabled!.disabledAt).not.toBeNull();
    // A disabled user's key is refused by the API at once.
    expect((await apiClient(t.app, tenant.keys.accountant).get('/api/v1/invoices')).status).toBe(401);
    expect(visibleText(await visitor.get('/office/settings/users'))).toMatch(/disabled since \d{2}\.\d{2}\.\d{4}/);
    expect((await visitor.post(`/office/settings/users/${id}/enable`, {})).status).toBe(303);
    const [enabled] = await t.database.db.select().from(users).where(eq(users.id, id));
    expect(enabled!.disabledAt).toBeNull();
  });

  it('explains in words that the last admin cannot be disabled or lose the role', async () => {
    await visitor.get('/office/settings/users');
    const disable = await visitor.post(`/office/settings/users/${tenant.userIds.admin}/disable`, {});
    expect(disable.status).toBe(409);
    expect(visibleText(disable)).toContain('This is the last active admin of your company. Make another user admin first');
    const demote = await visitor.post(`/office/settings/users/${tenant.userIds.admin}/role`, { role: 'accountant' });
    expect(demote.status).toBe(409);
    const [admin] = await t.database.db.select().from(users).where(eq(users.id, tenant.userIds.admin));
    expect(admin).toMatchObject({ role: 'admin', disabledAt: null });
  });
});

describe('API keys in the back office', () => {
  it('shows a new key once, lists it by its prefix afterwards, and revokes it so the API refuses it', async () => {
    await visitor.get('/office/settings/api-keys');
    const created = await visitor.post('/office/settings/api-keys', { userId: tenant.userIds.bookkeeper, label: 'Export Buchhaltung' });
    expect(created.status).toBe(201);
    const key = /id="new-api-key" class="secret-once" value="([^"]+)"/.exec(created.text)?.[1];
    expect(key).toBeTruthy();
    expect(visibleText(created)).toContain('This is the only time the key is shown.');
    expect((await apiClient(t.app, key).get('/api/v1/journal/entries')).status).toBe(200);

    const list = await visitor.get('/office/settings/api-keys');
    expect(list.text).not.toContain(key!);
    expect(visibleText(list)).toContain(`Export Buchhaltung ${key!.slice(0, 10)}… bookkeeper`);

    const [row] = await t.database.db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenant.tenantId), eq(apiKeys.label, 'Export Buchhaltung')));
    const revoked = await visitor.post(`/office/settings/api-keys/${row!.id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await apiClient(t.app, key).get('/api/v1/journal/entries')).status).toBe(401);
    expect((await visitor.get('/office/settings/api-keys')).text).not.toContain(`/office/settings/api-keys/${row!.id}/revoke`);
  });

  it('refuses a key without a label next to the field', async () => {
    await visitor.get('/office/settings/api-keys');
    const page = await visitor.post('/office/settings/api-keys', { userId: tenant.userIds.admin, label: '  ' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('id="field-label-error"');
  });
});
