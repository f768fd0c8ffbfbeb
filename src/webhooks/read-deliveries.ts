// An endpoint's delivery log: newest first, in pages over the deliveries' own sequence, each
// delivery with its event and its attempts (status code, duration, error).
import { z } from '@hono/zod-openapi';
import { and, asc, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { seqPageQuery } from '../http/schemas.js';
import { webhookAttempts, webhookDeliveries, webhookEvents } from '../db/schema.js';

export const deliveryQuerySchema = z.object(seqPageQuery({ max: 100, default: 20 }));

export async function readDeliveries(db: Queryable, endpointId: string, query: z.infer<typeof deliveryQuerySchema>) {
  // One row more than asked tells whether another page follows, without counting.
  const rows = await db
    .select({ delivery: webhookDeliveries, event: webhookEvents })
    .from(webhookDeliveries)
    .innerJoin(webhookEvents, eq(webhookEvents.id, webhookDeliveries.eventId))
    .where(and(eq(webhookDeliveries.endpointId, endpointId), query.cursor ? lt(webhookDeliveries.seq, Number(query.cursor)) : undefined))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const attempts =
    page.length === 0
      ? []
      : await db
          .select()
          .from(webhookAttempts)
          .where(inArray(webhookAttempts.deliveryId, page.map((row) => row.delivery.id)))
          .orderBy(asc(webhookAttempts.attemptNo));
  return {
    items: page.map(({ delivery, event }) => ({
      id: delivery.id,
      status: delivery.status,
      replayOf: delivery.replayOf,
      event: { id: event.id, type: event.type, created: event.createdAt.toISOString(), data: event.data as Record<string, unknown> },
      attempts: attempts
        .filter((attempt) => attempt.deliveryId === delivery.id)
        .map((attempt) => ({
          attempt: attempt.attemptNo,
          at: attempt.attemptedAt.toISOString(),
          statusCode: attempt.statusCode,
          durationMs: attempt.durationMs,
          error: attempt.error,
        })),
      nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      createdAt: delivery.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.delivery.seq) : null,
  };
}
