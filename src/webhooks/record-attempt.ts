// What one delivery attempt leaves behind, in one transaction: the attempt in the log, the
// delivery's next step (done, retried later, or given up after three days), and the
// endpoint's record of failure. An endpoint is disabled when a delivery has failed every
// attempt for three days and the endpoint accepted nothing else meanwhile (no success since
// that delivery was queued): it is gone or broken, not just slow on one event. The tenant's
// admins are told by e-mail through the mail outbox, and the change is audited.
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import type { Tx } from '../db/client.js';
import { outboxMessages, users, webhookAttempts, webhookDeliveries, webhookEndpoints } from '../db/schema.js';
import type { WebhookDeliveryDeps } from './deliver-webhooks.js';

export interface AttemptResult {
  /** The endpoint's HTTP status; null when no answer came. */
  statusCode: number | null;
  durationMs: number;
  /** Null only for an accepted delivery (2xx). */
  error: string | null;
}

/** 1, 2, 4, ... minutes, at most six hours: about twenty attempts in the three days. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000 * 2 ** Math.max(attempt - 1, 0), 6 * 3_600_000);
}

export type DeliveryStatus = 'delivered' | 'pending' | 'failed';

export async function recordAttempt(
  deps: Pick<WebhookDeliveryDeps, 'db' | 'now'>,
  input: { deliveryId: string; endpointId: string; attempt: number; result: AttemptResult },
): Promise<DeliveryStatus> {
  const now = deps.now();
  const { result } = input;
  return deps.db.transaction(async (tx) => {
    // The endpoint first, then the delivery: the order a deletion (endpoint, then its
    // deliveries by cascade) takes them, so the two never wait on each other in a circle.
    // NO KEY UPDATE: a change queuing an event for it (a foreign key's KEY SHARE) need not wait.
    const [endpoint] = await tx.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, input.endpointId)).for('no key update');
    const [delivery] = await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, input.deliveryId)).for('update');
    // The endpoint was deleted meanwhile (its deliveries with it): nothing to record.
    if (!endpoint || !delivery) return 'failed';
    await tx.insert(webhookAttempts).values({
      deliveryId: delivery.id,
      attemptNo: input.attempt,
      attemptedAt: now,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
    });
    const common = { lastStatusCode: result.statusCode, lastError: result.error };
    if (result.error === null) {
      await tx.update(webhookDeliveries).set({ ...common, status: 'delivered', deliveredAt: now }).where(eq(webhookDeliveries.id, delivery.id));
      await tx
        .update(webhookEndpoints)
        .set({ consecutiveFailures: 0, failingSince: null, lastSuccessAt: now })
        .where(eq(webhookEndpoints.id, delivery.endpointId));
      return 'delivered';
    }
    const givingUp = now.getTime() >= delivery.giveUpAt.getTime();
    const next = new Date(Math.min(now.getTime() + retryDelayMs(input.attempt), delivery.giveUpAt.getTime()));
    await tx
      .update(webhookDeliveries)
      .set({ ...common, status: givingUp ? 'failed' : 'pending', nextAttemptAt: next })
      .where(eq(webhookDeliveries.id, delivery.id));
    const consecutiveFailures = endpoint.consecutiveFailures + 1;
    await tx
      .update(webhookEndpoints)
      .set({ consecutiveFailures, failingSince: endpoint.failingSince ?? now })
      .where(eq(webhookEndpoints.id, endpoint.id));
    const acceptedSince = endpoint.lastSuccessAt !== null && endpoint.lastSuccessAt.getTime() >= delivery.createdAt.getTime();
    if (givingUp && endpoint.enabled && !acceptedSince) {
      const reason =
        `Every attempt failed for three days (${consecutiveFailures} in a row); the last: ${result.error}`.slice(0, 500);
      await disableEndpoint(tx, { ...endpoint, reason, now });
    }
    return givingUp ? 'failed' : 'pending';
  });
}

async function disableEndpoint(tx: Tx, endpoint: typeof webhookEndpoints.$inferSelect & { reason: string; now: Date }) {
  await tx
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: endpoint.reason, disabledAt: endpoint.now, updatedAt: endpoint.now })
    .where(eq(webhookEndpoints.id, endpoint.id));
  await recordAudit(tx, {
    tenantId: endpoint.tenantId,
    actorUserId: null,
    action: 'webhook_endpoint.disabled',
    details: { endpointId: endpoint.id, url: endpoint.url, reason: endpoint.reason },
  });
  const admins = await tx
    .select({ email: users.email, name: users.name, language: users.language })
    .from(users)
    .where(and(eq(users.tenantId, endpoint.tenantId), eq(users.role, 'admin'), isNull(users.disabledAt)));
  if (admins.length === 0) return;
  await tx.insert(outboxMessages).values(
    admins.map((admin) => ({
      tenantId: endpoint.tenantId,
      kind: 'webhook_disabled_email' as const,
      payload: {
        to: admin.email,
        name: admin.name,
        endpointId: endpoint.id,
        language: admin.language ?? 'en',
        url: endpoint.url,
        description: endpoint.description,
        reason: endpoint.reason,
      } satisfies WebhookDisabledPayload,
    })),
  );
}

export interface WebhookDisabledPayload {
  to: string;
  name: string;
  endpointId: string;
  language: 'de' | 'fr' | 'it' | 'en';
  url: string;
  description: string;
  reason: string;
}
