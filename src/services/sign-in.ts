// Signs a user in with e-mail and password and opens a back-office session. Every try is
// counted against the account and the address before the password is checked; a wrong
// address and a wrong password get the same answer in the same time.
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/client.js';
import { users } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { enforceLimit, giveBackHit } from '../rate-limit/counter.js';
import { signInsPerAccount, signInsPerAddress } from '../rate-limit/limits.js';
import { verifyAgainstDecoy, verifyPassword } from '../web/password.js';
import { openSession } from '../web/sessions.js';

export interface SignInInput {
  email: string;
  password: string;
  /** The client address as the rate limits count it. */
  address: string;
}

export const wrongCredentials = () => new DomainError('unauthenticated', 'The e-mail address or the password is wrong.');

export async function signIn(deps: { db: Database; now: () => Date }, input: SignInInput) {
  const { db } = deps;
  const email = input.email.trim().toLowerCase();
  const now = deps.now();
  // Every try counts, before anything is looked up: per address, then per account.
  await enforceLimit(db, signInsPerAddress, input.address, now, 'Too many sign-in attempts.');
  await enforceLimit(db, signInsPerAccount, email, now, 'Too many sign-in attempts.');
  const candidates = await db
    .select({ id: users.id, tenantId: users.tenantId, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.email, email), isNull(users.disabledAt), isNotNull(users.passwordHash)))
    .orderBy(asc(users.createdAt))
    .limit(5);
  if (candidates.length === 0) {
    await verifyAgainstDecoy(input.password);
    throw wrongCredentials();
  }
  // The same address may be a user in several tenants: the first whose password matches.
  for (const user of candidates) {
    if (!(await verifyPassword(input.password, user.passwordHash ?? ''))) continue;
    await giveBackHit(db, signInsPerAccount, email, now);
    await giveBackHit(db, signInsPerAddress, input.address, now);
    return db.transaction(async (tx) => {
      await recordAudit(tx, { tenantId: user.tenantId, actorUserId: user.id, action: 'user.signed_in', details: { userId: user.id } });
      return { ...(await openSession(tx, user, now)), userId: user.id, tenantId: user.tenantId };
    });
  }
  await db.transaction(async (tx) => {
    for (const user of candidates) {
      await recordAudit(tx, { tenantId: user.tenantId, actorUserId: null, action: 'user.sign_in_failed', details: { userId: user.id } });
    }
  });
  throw wrongCredentials();
}
