// Bearer API keys. The key is hashed and looked up; the role decides the permissions. A
// revoked key, or any key of a disabled user, is refused from the next request on.
// Wrong keys are counted per client address: an address that sent too many is refused
// (429) before its key is even looked at, so a right guess would not show either.
import { and, eq, isNull } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { type Permission, type Role, can, rolesWith } from '../access.js';
import { sha256Hex } from '../crypto.js';
import { apiKeys, users } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { countHit, refuseWhenUsedUp } from '../rate-limit/counter.js';
import { failedApiKeysPerAddress } from '../rate-limit/limits.js';
import { addressKey } from './client-address.js';
import type { AppEnv } from './env.js';

export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) {
    throw new DomainError('unauthenticated', 'Send your API key as "Authorization: Bearer <key>".');
  }
  const deps = c.get('deps');
  const address = addressKey(deps.clientAddress(c));
  await refuseWhenUsedUp(deps.db, failedApiKeysPerAddress, address, deps.now(), 'Too many wrong API keys came from your address.');
  const keyHash = await sha256Hex(match[1]);
  const [found] = await deps.db
    .select({ apiKeyId: apiKeys.id, tenantId: apiKeys.tenantId, userId: users.id, role: users.role })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt), isNull(users.disabledAt)))
    .limit(1);
  if (!found) {
    await countHit(deps.db, failedApiKeysPerAddress, address, deps.now());
    throw new DomainError('unauthenticated', 'The API key is unknown or has been revoked, or its user is disabled.');
  }
  c.set('auth', found);
  await next();
};

/** The 403 for a role lacking a permission, in the words both the API and the back office show. */
export function forbiddenError(role: Role, permission: Permission) {
  const holders = rolesWith(permission);
  return new DomainError(
    'forbidden',
    `This needs the permission "${permission}", which the role "${role}" does not have; ` +
      `it belongs to the role${holders.length > 1 ? 's' : ''} ${holders.join(', ')}.`,
    { permission, role, rolesWithPermission: holders },
  );
}

export function requirePermission(permission: Permission): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { role } = c.get('auth');
    if (!can(role, permission)) throw forbiddenError(role, permission);
    await next();
  };
}
