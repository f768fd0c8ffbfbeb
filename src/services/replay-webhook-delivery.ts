// Sends an event again to the endpoint: a new delivery of the same event (same id, so a
// receiver that has it already can tell), queued now and retried like any other. The
// original stays in the log as it was. Audited.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { webhookDeliveries } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import { lockEndpoint } from '../webhooks/endpoint-rules.js';
import { deliveryWindowMs } from '../webhooks/record-event.js';
import type { ServiceContext } from './context.js';

export async function replayWebhookDelivery({ ctx, input }: { ctx: ServiceContext; input: { endpointId: string; deliveryId: string } }) {
  return ctx.db.transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, ctx.tenantId, input.endpointId);
    const [original] = await tx
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.id, input.deliveryId), eq(webhookDeliveries.endpointId, endpoint.id)));
    if (!original) throw notFound('The delivery');
    if (!endpoint.enabled) {
      throw new DomainError('webhook_endpoint_disabled', 'The endpoint is disabled: enable it (PATCH enabled: true), then replay.');
    }
    const now = ctx.now();
    const [replay] = await tx
      .insert(webhookDeliveries)
      .values({
        tenantId: ctx.tenantId,
        endpointId: endpoint.id,
        eventId: original.eventId,
        replayOf: original.id,
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + deliveryWindowMs),
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'webhook_delivery.replayed',
      details: { endpointId: endpoint.id, deliveryId: original.id, replayId: replay!.id, eventId: original.eventId },
    });
    return replay!;
  });
}
