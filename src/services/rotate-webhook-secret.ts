// Gives an endpoint a new signing secret, answered once; deliveries from now on are signed
// with it (a retry of an older event too: it is signed when it is sent). Audited, never the secret.
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { webhookEndpoints } from '../db/schema.js';
import { lockEndpoint, requireSecretBox } from '../webhooks/endpoint-rules.js';
import { generateEndpointSecret } from '../webhooks/signature.js';
import type { ServiceContext } from './context.js';

export async function rotateWebhookSecret({ ctx, input }: { ctx: ServiceContext; input: { id: string } }) {
  const secretBox = requireSecretBox(ctx);
  const secret = generateEndpointSecret();
  const sealedSecret = await secretBox.seal(secret, ctx.tenantId);
  return ctx.db.transaction(async (tx) => {
    const endpoint = await lockEndpoint(tx, ctx.tenantId, input.id);
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ sealedSecret, updatedAt: ctx.now() })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning();
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'webhook_endpoint.secret_rotated',
      details: { endpointId: endpoint.id, url: endpoint.url },
    });
    return { row: row!, secret };
  });
}
