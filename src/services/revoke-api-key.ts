// Revoking a key takes effect on the next request; the row stays for the record, and the
// revocation is audited.
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { withTransaction } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export function revokeApiKey({ ctx, input }: { ctx: ServiceContext; input: { apiKeyId: string } }) {
  return withTransaction(ctx.db, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now() })
      .where(and(eq(apiKeys.tenantId, ctx.tenantId), eq(apiKeys.id, input.apiKeyId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, userId: apiKeys.userId, label: apiKeys.label, displayPrefix: apiKeys.displayPrefix });
    if (!row) throw notFound('The active API key');
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.userId,
      action: 'api_key.revoked',
      details: { apiKeyId: row.id, userId: row.userId, label: row.label, displayPrefix: row.displayPrefix },
    });
  });
}
