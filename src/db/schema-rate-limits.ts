// The rate limits' counters: one row per limit, key and fixed window. They live in the
// database, not in a process, so every instance (and every Workers isolate) counts together.
import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

export const rateLimits = pgTable(
  'rate_limits',
  {
    /** Which limit: `attempts:invoice`, `attempts:address`, `auth:api-key`, … */
    bucket: text('bucket').notNull(),
    /** Whom it counts: an invoice id, a client address (an IPv6 /64), … */
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    /** The window's end: the row is worth nothing after it and is pruned. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ name: 'rate_limits_pkey', columns: [t.bucket, t.key, t.windowStart] }), index('rate_limits_expires_idx').on(t.expiresAt)],
);
