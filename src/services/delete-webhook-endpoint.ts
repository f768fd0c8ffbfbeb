// Removes an endpoint with its delivery log; the events stay (other endpoints may have them). Audited.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { webhookEndpoints } from '../db/schema.js';
import { lockEndpoint } from '../webhooks/endpoint-rules.js';
import type { ServiceContext } from './context.js';

export async function deleteWebhookEndpoint({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  await ctx.db.transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, ctx.tenantId, input.id, 'update');
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'webhook_endpoint.deleted',
      details: { endpointId: endpoint.id, url: endpoint.url, events: endpoint.events },
    });
  });
}
