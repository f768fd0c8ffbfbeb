// The limiter's counter in the database: concurrent hits are each counted once, a window
// ends when Retry-After says, and ended windows are pruned while running ones are kept.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rateLimits } from '../../src/db/schema.js';
import { countHit, peekLimit, pruneRateLimits } from '../../src/rate-limit/counter.js';
import type { RateLimit } from '../../src/rate-limit/limits.js';
import { testDatabase } from '../helpers/database.js';

const limit: RateLimit = { bucket: 'test:counter', max: 30, windowMs: 60_000 };
const at = (iso: string) => new Date(iso);

describe('the rate limit counter', () => {
  it('counts fifty concurrent hits once each and refuses those over the limit', async () => {
    const { db } = await testDatabase();
    const key = crypto.randomUUID();
    const now = at('2031-05-04T10:00:30Z');
    const verdicts = await Promise.all(Array.from({ length: 50 }, () => countHit(db, limit, key, now)));
    expect(verdicts.map((v) => v.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(30);
    expect(verdicts.every((v) => v.retryAfterSeconds === 30)).toBe(true);
    expect(await peekLimit(db, limit, key, now)).toMatchObject({ allowed: false, count: 50 });
    expect(await peekLimit(db, limit, key, at('2031-05-04T10:01:00Z'))).toMatchObject({ allowed: true, count: 0 });
  });

  it('prunes windows that have ended and keeps the running one', async () => {
    const { db } = await testDatabase();
    const key = crypto.randomUUID();
    const now = new Date();
    await countHit(db, limit, key, at('2001-01-01T00:00:10Z'));
    await countHit(db, limit, key, now);
    await pruneRateLimits(db, now);
    const left = await db.select().from(rateLimits).where(and(eq(rateLimits.bucket, limit.bucket), eq(rateLimits.key, key)));
    expect(left).toHaveLength(1);
    expect(left[0]!.expiresAt.getTime()).toBeGreaterThan(now.getTime());
  });
});
