// API keys: generated here, shown once, stored only as a hash. Issuing is audited (the
// label and the display prefix, never the key or its hash); a disabled user gets none.
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { generateApiKey, sha256Hex } from '../crypto.js';
import { type Tx, withTransaction } from '../db/client.js';
import { apiKeys, users } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { ServiceContext } from './context.js';

export async function issueApiKey(
  tx: Tx,
  input: { tenantId: string; userId: string; label: string; key?: string; actorUserId: string | null },
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
  await recordAudit(tx, {
    tenantId: input.tenantId,
    actorUserId: input.actorUserId,
    action: 'api_key.issued',
    details: { apiKeyId: row.id, userId: row.userId, label: row.label, displayPrefix: row.displayPrefix },
  });
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
    // Locked, so a key cannot slip in while the user is being disabled.
    const [user] = await tx
      .select({ id: users.id, disabledAt: users.disabledAt })
      .from(users)
      .where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, input.userId)))
      .for('update');
    if (!user) throw notFound('The user');
    if (user.disabledAt) {
      throw new DomainError('user_disabled', 'The user is disabled: no API key can be issued for them. Enable the user first.', {
        errors: [{ field: 'id', message: 'a disabled user' }],
      });
    }
    return issueApiKey(tx, { tenantId: ctx.tenantId, userId: user.id, label: input.label, actorUserId: ctx.userId });
  });
}
