// API keys: generated here, shown once, stored only as a hash.
import { and, eq } from 'drizzle-orm';
import { generateApiKey, sha256Hex } from '../crypto.js';
import { type Tx, withTransaction } from '../db/client.js';
import { apiKeys, users } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export async function issueApiKey(
  tx: Tx,
  input: { tenantId: string; userId: string; label: string; key?: string },
) {
  const apiKey = input.key ?? generateApiKey();
  const [row] = await tx
    .insert(apiKeys)
    .values({
      tenantId: input.tenantId,
      userId: input.userId,
      label: input.label,
      displayPrefix: apiKey.slice(0, 10),
      keyHash: await sha256Hex(apiKey),
    })
    .returning();
  if (!row) throw new Error('api key insert returned nothing');
  return { id: row.id, apiKey, displayPrefix: row.displayPrefix, label: row.label, createdAt: row.createdAt };
}

export function createApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { userId: string; label: string };
}) {
  return withTransaction(ctx.db, async (tx) => {
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.userId)));
    if (!user) throw notFound('The user');
    return issueApiKey(tx, { tenantId: ctx.tenantId, userId: user.id, label: input.label });
  });
}
