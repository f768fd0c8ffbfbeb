// An endpoint that keeps failing: each attempt is logged, retried with a growing delay for
// three days (the test clock moves instead of the test waiting), then the delivery fails
// for good, the endpoint is switched off, the admins get an e-mail and the audit log says
// so. Events after that are not queued for it; switched on again, a replay gets through.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { silentLogger } from '../../src/logger.js';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { RecordingMailer } from '../fakes/mailer.js';
import { createTestApp, testOrigin } from '../helpers/app.js';
import { windowClock } from '../helpers/clock.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { answerWith, deliverRound, receivedBy, registerEndpoint } from '../helpers/webhooks.js';

interface Delivery {
  id: string;
  status: string;
  event: { type: string };
  attempts: { attempt: number; at: string; statusCode: number | null; error: string | null }[];
}
interface EndpointView {
  enabled: boolean;
  disabledReason: string | null;
  consecutiveFailures: number;
}

const hour = 3_600_000;

describe('a failing endpoint', () => {
  it('is retried with backoff for three days, then disabled with an e-mail to the admins', async () => {
    // One clock for the job and the receiver, which refuses signatures older than five minutes.
    const clock = windowClock();
    const app = await createTestApp({ now: clock.now });
    const setup = await invoicingTenant(app);
    const tenantId = setup.tenant.tenantId;
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.sent'], { answerStatus: 500 });
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    expect((await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`)).status).toBe(200);
    const deliveries = async () => (await setup.admin.get<{ items: Delivery[] }>(`/api/v1/webhook-endpoints/${endpoint.id}/deliveries`)).body.items;
    const endpointNow = async () => (await setup.admin.get<EndpointView>(`/api/v1/webhook-endpoints/${endpoint.id}`)).body;

    expect(await deliverRound(app, tenantId, clock.now)).toMatchObject({ retrying: 1 });
    // Not due again before its delay (one minute after the first failure), due after it.
    clock.advance(30_000);
    expect(await deliverRound(app, tenantId, clock.now)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.advance(31_000);
    expect(await deliverRound(app, tenantId, clock.now)).toMatchObject({ retrying: 1 });
    // The third waits two minutes, not one: the delay grows.
    clock.advance(61_000);
    expect(await deliverRound(app, tenantId, clock.now)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.advance(60_000);
    expect(await deliverRound(app, tenantId, clock.now)).toMatchObject({ retrying: 1 });

    let [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'pending', event: { type: 'invoice.sent' } });
    expect(delivery!.attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'The endpoint answered HTTP 500.'],
      [2, 500, 'The endpoint answered HTTP 500.'],
      [3, 500, 'The endpoint answered HTTP 500.'],
    ]);
    expect(await endpointNow()).toMatchObject({ enabled: true, consecutiveFailures: 3 });

    // Two and a half days on, still failing: still retried, still enabled.
    for (let step = 0; step < 9; step++) {
      clock.advance(7 * hour);
      await deliverRound(app, tenantId, clock.now);
    }
    expect(await endpointNow()).toMatchObject({ enabled: true });
    expect((await deliveries())[0]!.status).toBe('pending');

    // Past three days the last attempt fails: the delivery gives up and the endpoint is off.
    clock.advance(10 * hour);
    expect(await deliverRound(app, tenantId, clock.now)).toMatchObject({ failed: 1 });
    [delivery] = await deliveries();
    expect(delivery!.status).toBe('failed');
    expect(delivery!.attempts.length).toBe(13);
    const off = await endpointNow();
    expect(off.enabled).toBe(false);
    expect(off.disabledReason).toMatch(/three days.*HTTP 500/);

    const audit = await setup.admin.get<{ items: { details: { endpointId: string } }[] }>('/api/v1/audit?action=webhook_endpoint.disabled');
    expect(audit.body.items.map((item) => item.details.endpointId)).toEqual([endpoint.id]);

    const mailer = new RecordingMailer();
    const outboxDeps = { db: app.database.db, mailer, logger: silentLogger, now: clock.now, publicBaseUrl: testOrigin, sandboxEnabled: true };
    for (let round = 0; round < 5; round++) await deliverOutbox(outboxDeps, 50, { tenantId });
    const users = await setup.admin.get<{ items: { email: string; role: string }[] }>('/api/v1/users');
    const adminEmail = users.body.items.find((user) => user.role === 'admin')!.email;
    const notice = mailer.sent.filter((message) => message.subject === 'An event endpoint was switched off');
    expect(notice.map((message) => message.to)).toEqual([adminEmail]);
    expect(notice[0]!.text).toContain(endpoint.inbox);

    // Switched off, it is no longer sent new events.
    const second = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${second.id}/send`);
    await deliverRound(app, tenantId, clock.now);
    expect(await deliveries()).toHaveLength(1);
    expect(await receivedBy(app, endpoint)).toHaveLength(13);

    // A replay waits until the endpoint is on again; then the event gets through.
    const replayPath = `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${delivery!.id}/replay`;
    expect((await setup.admin.post(replayPath)).status).toBe(409);
    await answerWith(app, endpoint, 200);
    expect((await setup.admin.patch(`/api/v1/webhook-endpoints/${endpoint.id}`, { enabled: true })).body).toMatchObject({
      enabled: true,
      disabledReason: null,
      consecutiveFailures: 0,
    });
    expect((await setup.admin.post(replayPath)).status).toBe(202);
    expect(await deliverRound(app, tenantId, clock.now)).toMatchObject({ delivered: 1 });
  });
});
