// Counting hits against a limit, in PostgreSQL so that every instance counts together: one
// row per (limit, key, fixed window), raised by one atomic INSERT … ON CONFLICT DO UPDATE …
// RETURNING count, so concurrent hits never lose a count. Rows of ended windows are pruned
// by the job loop (Node) or the cron trigger (Workers).
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { rateLimits } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { RateLimit } from './limits.js';

export interface LimitVerdict {
  allowed: boolean;
  /** Hits counted in this window so far. */
  count: number;
  /** Whole seconds until the window ends (at least 1): what Retry-After says. */
  retryAfterSeconds: number;
}

function windowOf(limit: RateLimit, now: Date) {
  const start = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  const end = start + limit.windowMs;
  return { start: new Date(start), end: new Date(end), retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)) };
}

/** Counts one hit and says whether it is within the limit. */
export async function countHit(db: Queryable, limit: RateLimit, key: string, now: Date): Promise<LimitVerdict> {
  const window = windowOf(limit, now);
  const [row] = await db
    .insert(rateLimits)
    .values({ bucket: limit.bucket, key, windowStart: window.start, expiresAt: window.end, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.bucket, rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  const count = row?.count ?? 1;
  return { allowed: count <= limit.max, count, retryAfterSeconds: window.retryAfterSeconds };
}

/** Whether one more hit would be within the limit, counting nothing. */
export async function peekLimit(db: Queryable, limit: RateLimit, key: string, now: Date): Promise<LimitVerdict> {
  const window = windowOf(limit, now);
  const [row] = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.bucket, limit.bucket), eq(rateLimits.key, key), eq(rateLimits.windowStart, window.start)));
  const count = row?.count ?? 0;
  return { allowed: count < limit.max, count, retryAfterSeconds: window.retryAfterSeconds };
}

/** The domain error for a refused hit; the HTTP layer turns it into 429 with Retry-After. */
export function rateLimited(verdict: LimitVerdict, detail: string) {
  return new DomainError('rate_limited', `${detail} Try again in ${verdict.retryAfterSeconds} seconds.`, {
    retryAfterSeconds: verdict.retryAfterSeconds,
  });
}

/** Counts one hit; throws `rate_limited` when it is over the limit. */
export async function enforceLimit(db: Queryable, limit: RateLimit, key: string, now: Date, detail: string) {
  const verdict = await countHit(db, limit, key, now);
  if (!verdict.allowed) throw rateLimited(verdict, detail);
}

/**
 * Throws `rate_limited` when the key has used up the limit, counting nothing: for limits on
 * failures (wrong API keys), checked before the attempt and counted (`countHit`) only when
 * it fails.
 */
export async function refuseWhenUsedUp(db: Queryable, limit: RateLimit, key: string, now: Date, detail: string) {
  const verdict = await peekLimit(db, limit, key, now);
  if (!verdict.allowed) throw rateLimited(verdict, detail);
}

/** Deletes the counters of windows that have ended; answers how many. */
export async function pruneRateLimits(db: Queryable, now: Date): Promise<number> {
  const deleted = await db.delete(rateLimits).where(lt(rateLimits.expiresAt, now)).returning({ bucket: rateLimits.bucket });
  return deleted.length;
}

/** Takes one hit back (a sign-in that succeeded counts against nobody). */
export async function giveBackHit(db: Queryable, limit: RateLimit, key: string, now: Date) {
  const window = windowOf(limit, now);
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(and(eq(rateLimits.bucket, limit.bucket), eq(rateLimits.key, key), eq(rateLimits.windowStart, window.start)));
}
