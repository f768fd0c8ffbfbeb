// The endpoint API as an admin uses it: register (secret once), read without the secret,
// change, rotate, delete, each audited; only admins; another tenant's endpoint is not found;
// URLs follow the outbound rule; the delivery log pages newest first; a replay sends the same
// event (same id) again.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { deliverWebhooks } from '../../src/webhooks/deliver-webhooks.js';
import { apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { deliverRound, eventOf, inboxUrl, receivedBy, registerEndpoint } from '../helpers/webhooks.js';

interface Problem {
  code: string;
  errors?: { field: string; message: string }[];
}

describe('webhook endpoints API', () => {
  it('registers, reads, changes, rotates and deletes endpoints, audited, for admins only', async () => {
    const app = await createTestApp();
    const tenant = await createTestTenant(app.database);
    const admin = apiClient(app.app, tenant.keys.admin);
    const created = await admin.post<{ id: string; secret: string; enabled: boolean }>('/api/v1/webhook-endpoints', {
      url: inboxUrl('api-test'),
      events: ['invoice.paid'],
      description: 'ERP',
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created.body.enabled).toBe(true);
    const path = `/api/v1/webhook-endpoints/${created.body.id}`;

    const read = await admin.get(path);
    expect(read.body).toMatchObject({ url: inboxUrl('api-test'), events: ['invoice.paid'], description: 'ERP' });
    expect(read.text).not.toContain(created.body.secret);
    expect((await admin.get<{ items: { id: string }[] }>('/api/v1/webhook-endpoints')).body.items.map((e) => e.id)).toEqual([created.body.id]);
    const listed = await admin.get('/api/v1/webhook-endpoints');
    expect(listed.text).not.toContain(created.body.secret);

    const changed = await admin.patch(path, { events: ['invoice.paid', 'payment.failed'], enabled: false });
    expect(changed.body).toMatchObject({ events: ['invoice.paid', 'payment.failed'], enabled: false, disabledReason: 'Switched off by an admin.' });
    const rotated = await admin.post<{ secret: string }>(`${path}/rotate-secret`);
    expect(rotated.body.secret).not.toBe(created.body.secret);

    for (const role of ['accountant', 'bookkeeper'] as const) {
      const other = apiClient(app.app, tenant.keys[role]);
      const refused = await other.get<{ code: string; detail: string }>('/api/v1/webhook-endpoints');
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('webhooks:manage');
      expect((await other.post('/api/v1/webhook-endpoints', { url: inboxUrl('x'), events: ['*'] })).status).toBe(403);
    }
    const stranger = apiClient(app.app, (await createTestTenant(app.database, 'Other AG')).keys.admin);
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.patch(path, { enabled: true })).status).toBe(404);
    expect((await stranger.delete(path)).status).toBe(404);

    expect((await admin.delete(path)).status).toBe(204);
    expect((await admin.get(path)).status).toBe(404);
    const audit = await admin.get<{ items: { action: string; details: Record<string, unknown> }[] }>('/api/v1/audit');
    const actions = audit.body.items.map((item) => item.action).filter((action) => action.startsWith('webhook'));
    expect(actions).toEqual(['webhook_endpoint.deleted', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.changed', 'webhook_endpoint.created']);
    expect(audit.text).not.toContain(created.body.secret);
    expect(audit.text).not.toContain(rotated.body.secret);
  });

  it('refuses bad fields with a problem naming the field', async () => {
    const app = await createTestApp();
    const admin = apiClient(app.app, (await createTestTenant(app.database)).keys.admin);
    const unknownEvent = await admin.post<Problem>('/api/v1/webhook-endpoints', { url: inboxUrl('x'), events: ['invoice.teleported'] });
    expect(unknownEvent.status).toBe(400);
    expect(unknownEvent.body.errors?.[0]?.field).toBe('events.0');
    const noEvents = await admin.post<Problem>('/api/v1/webhook-endpoints', { url: inboxUrl('x'), events: [] });
    expect(noEvents.body.errors?.[0]?.field).toBe('events');
    const notUrl = await admin.post<Problem>('/api/v1/webhook-endpoints', { url: 'erp', events: ['*'] });
    expect(notUrl.status).toBe(422);
    expect(notUrl.body).toMatchObject({ code: 'webhook_url_not_allowed', errors: [{ field: 'url' }] });
    expect((await admin.get<Problem>('/api/v1/webhook-endpoints/not-a-uuid')).status).toBe(400);
    expect((await admin.get('/api/v1/webhook-endpoints')).body).toEqual({ items: [] });
  });

  it('takes only https to public addresses while the sandbox is off', async () => {
    const app = await createTestApp({ sandbox: null });
    const admin = apiClient(app.app, (await createTestTenant(app.database)).keys.admin);
    const refused = [
      'http://erp.example.ch/hooks',
      'https://localhost/hooks',
      'https://127.0.0.1/hooks',
      'https://[::1]/hooks',
      'https://10.1.2.3/hooks',
      'https://192.168.1.20/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00::1]/hooks',
      'https://[::ffff:127.0.0.1]/hooks',
      'https://2130706433/hooks',
      'https://erp.internal/hooks',
      'https://user:pass@erp.example.ch/hooks',
    ];
    for (const url of refused) {
      const answer = await admin.post<Problem>('/api/v1/webhook-endpoints', { url, events: ['*'] });
      expect([url, answer.status, answer.body.code]).toEqual([url, 422, 'webhook_url_not_allowed']);
    }
    const accepted = await admin.post<{ id: string }>('/api/v1/webhook-endpoints', { url: 'https://erp.example.ch/hooks', events: ['*'] });
    expect(accepted.status).toBe(201);
    const moved = await admin.patch<Problem>(`/api/v1/webhook-endpoints/${accepted.body.id}`, { url: 'https://10.0.0.5/hooks' });
    expect(moved.body).toMatchObject({ code: 'webhook_url_not_allowed', errors: [{ field: 'url' }] });
  });

  it('keeps a delivery log newest first in pages, and replays an event with its id', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const tenantId = setup.tenant.tenantId;
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.sent', 'invoice.cancelled']);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/cancel`);
    expect(await deliverRound(app, tenantId)).toMatchObject({ delivered: 2 });

    const logPath = `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`;
    type Page = { items: { id: string; status: string; replayOf: string | null; event: { id: string; type: string } }[]; nextCursor: string | null };
    const first = await setup.admin.get<Page>(`${logPath}?limit=1`);
    expect(first.body.items.map((d) => d.event.type)).toEqual(['invoice.cancelled']);
    const second = await setup.admin.get<Page>(`${logPath}?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((d) => d.event.type)).toEqual(['invoice.sent']);
    expect(second.body.nextCursor).toBeNull();

    const original = second.body.items[0]!;
    const replay = await setup.admin.post<{ id: string; replayOf: string }>(`${logPath}/${original.id}/replay`);
    expect(replay.status).toBe(202);
    expect(replay.body.replayOf).toBe(original.id);
    expect(await deliverRound(app, tenantId)).toMatchObject({ delivered: 1 });
    const received = await receivedBy(app, endpoint);
    expect(received.map((r) => r.type)).toEqual(['invoice.sent', 'invoice.cancelled', 'invoice.sent']);
    expect(received[2]!.eventId).toBe(original.event.id);
    expect(received[2]!.body).toBe(received[0]!.body);
    expect(eventOf(received[1]!).data).toMatchObject({ invoiceId: draft.id, status: 'cancelled' });

    const log = await setup.admin.get<Page>(logPath);
    expect(log.body.items[0]).toMatchObject({ id: replay.body.id, replayOf: original.id, status: 'delivered', event: { id: original.event.id } });
    const audit = await setup.admin.get<{ items: { details: Record<string, unknown> }[] }>('/api/v1/audit?action=webhook_delivery.replayed');
    expect(audit.body.items[0]?.details).toMatchObject({ deliveryId: original.id, replayId: replay.body.id });
    const unknown = await setup.admin.post(`${logPath}/00000000-0000-4000-8000-000000000000/replay`);
    expect(unknown.status).toBe(404);
  });

  it('sends nothing to an endpoint the outbound rule no longer allows, and logs why', async () => {
    const app = await createTestApp();
    const setup = await invoicingTenant(app);
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.sent']);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`);
    // The same database delivered by a server whose sandbox is off: a local URL is not called.
    const deps = { db: app.database.db, logger: silentLogger, now: () => new Date(), secretBox: app.deps.secretBox!, fetch: app.deps.fetch!, sandboxEnabled: false };
    expect(await deliverWebhooks(deps, 10, { tenantId: setup.tenant.tenantId })).toMatchObject({ retrying: 1 });
    expect(await receivedBy(app, endpoint)).toEqual([]);
    const log = await setup.admin.get<{ items: { attempts: { statusCode: number | null; error: string }[] }[] }>(
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`,
    );
    expect(log.body.items[0]!.attempts[0]).toMatchObject({ statusCode: null, error: expect.stringContaining('Not sent') });
  });
});
