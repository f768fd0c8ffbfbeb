// Sets a password from a one-time link (reset or invitation), ends the user's other
// sessions and opens a new one. The link is used up in the same transaction, so two tabs
// submitting the same link cannot both set a password.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import { sha256Hex } from '../crypto.js';
import type { Database, Queryable } from '../db/client.js';
import { users, userTokens } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { hashPassword, minPasswordLength } from '../web/password.js';
import { endSessionsOfUser, openSession } from '../web/sessions.js';

const linkInvalid = () =>
  new DomainError('not_found', 'This link is unknown, used already or expired. Ask for a new one on the sign-in page.');

/** The user a live link belongs to, or null. */
export async function findLinkUser(db: Queryable, token: string, now: Date) {
  const [found] = await db
    .select({ userId: users.id, tenantId: users.tenantId, name: users.name, email: users.email, purpose: userTokens.purpose })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.tokenHash, await sha256Hex(token)), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now), isNull(users.disabledAt)));
  return found ?? null;
}

export async function setPasswordFromLink(deps: { db: Database; now: () => Date }, input: { token: string; password: string }) {
  if (input.password.length < minPasswordLength || input.password.length > 200) {
    throw new DomainError('validation_failed', `A password needs ${minPasswordLength} to 200 characters.`, {
      errors: [{ field: 'password', message: `at least ${minPasswordLength} characters` }],
    });
  }
  const now = deps.now();
  if (!(await findLinkUser(deps.db, input.token, now))) throw linkInvalid();
  // Hash before the transaction: it takes a few hundred milliseconds of CPU.
  const passwordHash = await hashPassword(input.password);
  const tokenHash = await sha256Hex(input.token);
  return deps.db.transaction(async (tx) => {
    const [used] = await tx
      .update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.tokenHash, tokenHash), isNull(userTokens.usedAt), gt(userTokens.expiresAt, now)))
      .returning({ userId: userTokens.userId, tenantId: userTokens.tenantId, purpose: userTokens.purpose });
    if (!used) throw linkInvalid();
    await tx.update(users).set({ passwordHash }).where(eq(users.id, used.userId));
    await endSessionsOfUser(tx, used.userId, now);
    await recordAudit(tx, { tenantId: used.tenantId, actorUserId: used.userId, action: 'user.password_set', details: { userId: used.userId, by: used.purpose } });
    return { ...(await openSession(tx, { id: used.userId, tenantId: used.tenantId }, now)), userId: used.userId };
  });
}
