// Revoking a key takes effect on the next request; the row stays for the record.
import { and, eq, isNull } from 'drizzle-orm';
import { apiKeys } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export async function revokeApiKey({ ctx, input }: { ctx: ServiceContext; input: { apiKeyId: string } }) {
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: ctx.now() })
    .where(and(eq(apiKeys.tenantId, ctx.tenantId), eq(apiKeys.id, input.apiKeyId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (!row) throw notFound('The active API key');
}
