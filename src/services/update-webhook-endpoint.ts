// Changes an endpoint: URL, events, description, or switches it on or off. Switching it on
// again clears the failure record, and the deliveries still pending resume. Audited with
// the fields that changed.
import { eq } from 'drizzle-orm';
import { changesOf, recordAudit } from '../audit/record.js';
import { webhookEndpoints } from '../db/schema.js';
import { assertEndpointUrl, lockEndpoint } from '../webhooks/endpoint-rules.js';
import type { ServiceContext } from './context.js';
import type { WebhookEndpointInput } from './create-webhook-endpoint.js';

export type WebhookEndpointPatch = Partial<WebhookEndpointInput> & { enabled?: boolean };

export async function updateWebhookEndpoint({ ctx, input }: { ctx: ServiceContext; input: { id: string; patch: WebhookEndpointPatch } }) {
  const { patch } = input;
  if (patch.url !== undefined) assertEndpointUrl(patch.url, ctx.sandboxEnabled ?? false);
  return ctx.db.transaction(async (tx) => {
    const before = await lockEndpoint(tx, ctx.tenantId, input.id);
    const now = ctx.now();
    const switching =
      patch.enabled === undefined || patch.enabled === before.enabled
        ? {}
        : patch.enabled
          ? { disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null }
          : { disabledReason: 'Switched off by an admin.', disabledAt: now };
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ ...patch, ...switching, updatedAt: now })
      .where(eq(webhookEndpoints.id, before.id))
      .returning();
    const changes = changesOf(before, patch, ['url', 'events', 'description', 'enabled']);
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, {
        tenantId: ctx.tenantId,
        actorUserId: ctx.userId,
        action: 'webhook_endpoint.changed',
        details: { endpointId: before.id, changes },
      });
    }
    return row!;
  });
}
