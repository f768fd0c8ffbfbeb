// Delivers queued events to the tenant's endpoints, at least once. A delivery is claimed with
// FOR UPDATE SKIP LOCKED and leased by moving its next attempt past the request's timeout,
// then POSTed after that short transaction commits, so several instances deliver side by side
// and a crash only delays a delivery. A failed attempt is retried with exponential backoff
// until three days after the delivery was queued; an answer we did not get (a timeout) counts
// as a failed attempt and is retried: the receiver deduplicates by the event id.
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { webhookDeliveries, webhookEndpoints, webhookEvents } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { SecretBox } from '../secret-box.js';
import { endpointUrlProblem } from './endpoint-url.js';
import { type AttemptResult, recordAttempt } from './record-attempt.js';
import { eventIdHeader, eventTypeHeader, signatureFor, signatureHeader } from './signature.js';

/** What a delivery asks of fetch: the platform's own, or node/public-only-fetch.ts. */
export type DeliveryFetch = (
  url: string,
  init: { method: 'POST'; body: string; redirect: 'manual'; signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

export interface WebhookDeliveryDeps {
  db: Database;
  logger: Logger;
  now: () => Date;
  secretBox: SecretBox;
  fetch: DeliveryFetch;
  /** Local and plain-http receivers are allowed only while the sandbox is on (endpoint-url.ts). */
  sandboxEnabled: boolean;
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
}

const defaultTimeoutMs = 10_000;

interface Claimed {
  deliveryId: string;
  endpointId: string;
  tenantId: string;
  attempt: number;
  url: string;
  sealedSecret: string;
  event: { id: string; type: string; data: unknown; createdAt: Date };
}

async function claimDue(deps: WebhookDeliveryDeps, limit: number, tenantId: string | undefined): Promise<Claimed[]> {
  const now = deps.now();
  // The lease outlasts the round (one endpoint's deliveries go one after another, each within
  // the timeout), so no other instance takes a delivery meanwhile.
  const leaseUntil = new Date(now.getTime() + limit * (deps.timeoutMs ?? defaultTimeoutMs) + 60_000);
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({
        deliveryId: webhookDeliveries.id,
        endpointId: webhookDeliveries.endpointId,
        tenantId: webhookDeliveries.tenantId,
        attempts: webhookDeliveries.attempts,
        url: webhookEndpoints.url,
        sealedSecret: webhookEndpoints.sealedSecret,
        event: { id: webhookEvents.id, type: webhookEvents.type, data: webhookEvents.data, createdAt: webhookEvents.createdAt },
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          // A disabled endpoint's deliveries wait: they resume if an admin enables it again.
          eq(webhookEndpoints.enabled, true),
          tenantId ? eq(webhookDeliveries.tenantId, tenantId) : undefined,
        ),
      )
      // Oldest first, in the order the events were queued.
      .orderBy(asc(webhookDeliveries.seq))
      .limit(limit)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    for (const row of due) {
      await tx
        .update(webhookDeliveries)
        .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: leaseUntil })
        .where(eq(webhookDeliveries.id, row.deliveryId));
    }
    return due.map(({ attempts, ...row }) => ({ ...row, attempt: attempts + 1 }));
  });
}

/** The body every receiver gets: the event as recorded, byte for byte the same on every retry. */
export function eventBody(tenantId: string, event: Claimed['event']): string {
  return JSON.stringify({ id: event.id, type: event.type, created: event.createdAt.toISOString(), tenantId, data: event.data });
}

async function send(deps: WebhookDeliveryDeps, row: Claimed): Promise<AttemptResult> {
  const started = Date.now();
  const took = () => Date.now() - started;
  const refusal = endpointUrlProblem(row.url, deps.sandboxEnabled);
  if (refusal) return { statusCode: null, durationMs: 0, error: `Not sent: the URL ${refusal}.` };
  try {
    const body = eventBody(row.tenantId, row.event);
    const secret = await deps.secretBox.open(row.sealedSecret, row.tenantId);
    const response = await deps.fetch(row.url, {
      method: 'POST',
      body,
      // A redirect is not followed: it could lead anywhere, including inside our network.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs ?? defaultTimeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'invoice-paylink-webhooks/1',
        [eventIdHeader]: row.event.id,
        [eventTypeHeader]: row.event.type,
        [signatureHeader]: await signatureFor(secret, body, deps.now()),
      },
    });
    // The answer's body is of no use to us; not reading it keeps a large one from costing.
    await response.body?.cancel().catch(() => {});
    const ok = response.status >= 200 && response.status < 300;
    return { statusCode: response.status, durationMs: took(), error: ok ? null : `The endpoint answered HTTP ${response.status}.` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `No answer within ${deps.timeoutMs ?? defaultTimeoutMs} ms.` : error instanceof Error ? error.message : String(error);
    return { statusCode: null, durationMs: took(), error: reason };
  }
}

/** `tenantId` limits a run to one tenant: tests sharing a PostgreSQL database keep to their own. */
export async function deliverWebhooks(deps: WebhookDeliveryDeps, limit = 20, options: { tenantId?: string } = {}) {
  const claimed = await claimDue(deps, limit, options.tenantId);
  const outcome = { delivered: 0, retrying: 0, failed: 0 };
  // Each endpoint gets its events one after another, in the order they happened (as far as
  // retries allow: order is a courtesy, the event's `created` and status are the truth);
  // endpoints are served side by side, so one that does not answer holds up no other.
  const byEndpoint = new Map<string, Claimed[]>();
  for (const row of claimed) byEndpoint.set(row.endpointId, [...(byEndpoint.get(row.endpointId) ?? []), row]);
  await Promise.all(
    [...byEndpoint.values()].map(async (rows) => {
      for (const row of rows) {
        const result = await send(deps, row);
        const status = await recordAttempt(deps, { deliveryId: row.deliveryId, endpointId: row.endpointId, attempt: row.attempt, result });
        outcome[status === 'delivered' ? 'delivered' : status === 'failed' ? 'failed' : 'retrying']++;
        if (status !== 'delivered') {
          deps.logger.warn('webhook delivery failed', { deliveryId: row.deliveryId, attempt: row.attempt, error: result.error });
        }
      }
    }),
  );
  return outcome;
}
