// An answer we did not get is no answer: a request that times out or loses its connection
// is logged without a status code and sent again later, and the receiver, deduplicating by
// the event id, sees the same event (same id, same body) each time.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { deliverWebhooks } from '../../src/webhooks/deliver-webhooks.js';
import { createTestApp } from '../helpers/app.js';
import { windowClock } from '../helpers/clock.js';
import { createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { deliverRound, receivedBy, registerEndpoint } from '../helpers/webhooks.js';

describe('a delivery whose answer is lost', () => {
  it('is retried after a timeout and after a reset connection, and arrives with the same id', async () => {
    const clock = windowClock();
    const app = await createTestApp({ now: clock.now });
    const setup = await invoicingTenant(app);
    const tenantId = setup.tenant.tenantId;
    const endpoint = await registerEndpoint(app, setup.admin, ['invoice.sent']);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`);

    // The receiver gets the request but its answer never comes back within the timeout.
    const hanging: typeof fetch = async (input, init) => {
      await app.deps.fetch!(input, init);
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    };
    const base = { db: app.database.db, logger: silentLogger, now: clock.now, secretBox: app.deps.secretBox!, sandboxEnabled: true };
    expect(await deliverWebhooks({ ...base, fetch: hanging, timeoutMs: 50 }, 10, { tenantId })).toMatchObject({ retrying: 1 });
    clock.advance(61_000);
    const reset: typeof fetch = async () => {
      throw new TypeError('fetch failed: connection reset');
    };
    expect(await deliverWebhooks({ ...base, fetch: reset }, 10, { tenantId })).toMatchObject({ retrying: 1 });
    clock.advance(121_000);
    expect(await deliverRound(app, tenantId, clock.now)).toMatchObject({ delivered: 1 });

    const log = await setup.admin.get<{ items: { status: string; attempts: { statusCode: number | null; error: string | null }[] }[] }>(
      `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`,
    );
    expect(log.body.items[0]!.status).toBe('delivered');
    expect(log.body.items[0]!.attempts).toEqual([
      expect.objectContaining({ statusCode: null, error: 'No answer within 50 ms.' }),
      expect.objectContaining({ statusCode: null, error: 'fetch failed: connection reset' }),
      expect.objectContaining({ statusCode: 200, error: null }),
    ]);
    const received = await receivedBy(app, endpoint);
    expect(received).toHaveLength(2);
    expect(received[1]!.eventId).toBe(received[0]!.eventId);
    expect(received[1]!.body).toBe(received[0]!.body);
    expect(received.every((r) => r.verified)).toBe(true);
  });
});
