// Back-office sessions, kept in the database so every instance (and every Workers isolate)
// sees the same ones and a sign-out ends a session everywhere at once. The cookie holds a
// 256-bit token; the table holds only its hash.
//
// Timeouts: an hour without a request ends a session (a laptop left open in an office), and
// no session lives longer than twelve hours (one working day), whatever the activity.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Role } from '../access.js';
import { randomToken, sha256Hex } from '../crypto.js';
import type { Queryable } from '../db/client.js';
import { users, webSessions } from '../db/schema.js';
import type { Language } from '../i18n.js';

export const sessionIdleMs = 60 * 60_000;
export const sessionLifetimeMs = 12 * 60 * 60_000;
/** Activity is written at most once a minute, not on every page. */
const touchEveryMs = 60_000;

export interface WebSession {
  tokenHash: string;
  tenantId: string;
  userId: string;
  role: Role;
  name: string;
  email: string;
  language: Language | null;
  csrfToken: string;
}

export async function openSession(db: Queryable, user: { id: string; tenantId: string }, now: Date) {
  const token = randomToken(32);
  const csrfToken = randomToken(32);
  await db.insert(webSessions).values({
    tokenHash: await sha256Hex(token),
    tenantId: user.tenantId,
    userId: user.id,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + sessionLifetimeMs),
  });
  return { token, csrfToken };
}

/** The live session of a cookie's token, or null (unknown, ended, idle too long, user disabled). */
export async function readSession(db: Queryable, token: string, now: Date): Promise<WebSession | null> {
  const tokenHash = await sha256Hex(token);
  const [row] = await db
    .select({
      tokenHash: webSessions.tokenHash,
      tenantId: webSessions.tenantId,
      userId: webSessions.userId,
      csrfToken: webSessions.csrfToken,
      lastSeenAt: webSessions.lastSeenAt,
      role: users.role,
      name: users.name,
      email: users.email,
      language: users.language,
    })
    .from(webSessions)
    .innerJoin(users, eq(users.id, webSessions.userId))
    .where(and(eq(webSessions.tokenHash, tokenHash), isNull(webSessions.endedAt), gt(webSessions.expiresAt, now), isNull(users.disabledAt)))
    .limit(1);
  if (!row) return null;
  const idle = now.getTime() - row.lastSeenAt.getTime();
  if (idle > sessionIdleMs) return null;
  if (idle > touchEveryMs) {
    await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.tokenHash, tokenHash));
  }
  const { lastSeenAt: _seen, ...session } = row;
  return session;
}

export async function endSession(db: Queryable, tokenHash: string, now: Date) {
  await db.update(webSessions).set({ endedAt: now }).where(and(eq(webSessions.tokenHash, tokenHash), isNull(webSessions.endedAt)));
}

/** After a password is set or reset: every other device must sign in again. */
export async function endSessionsOfUser(db: Queryable, userId: string, now: Date) {
  await db
    .update(webSessions)
    .set({ endedAt: now })
    .where(and(eq(webSessions.userId, userId), isNull(webSessions.endedAt)));
}
