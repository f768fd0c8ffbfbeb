// The one read of the audit log, for GET /api/v1/audit and the back office's audit page:
// newest first, in pages over the log's own sequence (a stable key: rows of one transaction
// share their time), filtered by action, actor and time range.
import { z } from '@hono/zod-openapi';
import { type SQL, and, desc, eq, gte, lt } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { seqPageQuery, uuidSchema } from '../http/schemas.js';
import { type AuditAction, auditActions } from './record.js';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-03-31T00:00:00+02:00' });

export const auditQuerySchema = z.object({
  action: z.enum(auditActions, { error: `must be one of ${auditActions.join(', ')}` }).optional(),
  actor: uuidSchema.optional().openapi({ description: 'Only what this user did' }),
  from: instant.optional().openapi({ description: 'From this instant (inclusive)' }),
  to: instant.optional().openapi({ description: 'Before this instant (exclusive)' }),
  ...seqPageQuery({ max: 200, default: 50 }),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export async function readAudit(db: Queryable, tenantId: string, query: AuditQuery) {
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.tenantId, tenantId),
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.actor ? eq(auditLog.actorUserId, query.actor) : undefined,
    query.from ? gte(auditLog.createdAt, new Date(query.from)) : undefined,
    query.to ? lt(auditLog.createdAt, new Date(query.to)) : undefined,
    query.cursor ? lt(auditLog.seq, Number(query.cursor)) : undefined,
  ];
  // One row more than asked tells whether another page follows, without counting.
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      action: row.action as AuditAction,
      actorUserId: row.actorUserId,
      details: row.details as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit ? String(page.at(-1)!.seq) : null,
  };
}

