// Registers an endpoint for events. The signing secret is made here, sealed for storage and
// answered once; the URL must pass the outbound rule (webhooks/endpoint-url.ts). Audited.
import { recordAudit } from '../audit/record.js';
import { webhookEndpoints } from '../db/schema.js';
import { generateEndpointSecret } from '../webhooks/signature.js';
import { assertEndpointUrl, requireSecretBox } from '../webhooks/endpoint-rules.js';
import type { ServiceContext } from './context.js';

export interface WebhookEndpointInput {
  url: string;
  events: string[];
  description: string;
}

export async function createWebhookEndpoint({ ctx, input }: { ctx: ServiceContext; input: WebhookEndpointInput }) {
  assertEndpointUrl(input.url, ctx.sandboxEnabled ?? false);
  const secretBox = requireSecretBox(ctx);
  const secret = generateEndpointSecret();
  const sealedSecret = await secretBox.seal(secret, ctx.tenantId);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ tenantId: ctx.tenantId, ...input, sealedSecret, createdAt: now, updatedAt: now })
      .returning();
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'webhook_endpoint.created',
      details: { endpointId: row!.id, url: input.url, events: input.events, description: input.description },
    });
    return { row: row!, secret };
  });
}
