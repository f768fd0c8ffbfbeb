// The audit log: who changed what that matters for security, and when. Newest first, in
// pages over the log's own sequence (a stable key: rows of one transaction share their
// time), filtered by action, actor and time range.
import { z } from '@hono/zod-openapi';
import { type SQL, and, desc, eq, gte, lt } from 'drizzle-orm';
import { type AuditAction, auditActions } from '../audit/record.js';
import type { Queryable } from '../db/client.js';
import { auditLog } from '../db/schema.js';
import { apiRoute, createRouter } from '../http/router.js';
import { json, uuidSchema } from '../http/schemas.js';

export const auditRoutes = createRouter();

const auditEntrySchema = z
  .object({
    id: z.string(),
    action: z.enum(auditActions),
    actorUserId: z.string().nullable().openapi({ description: 'The acting user; null for the operator (CLI, first start)' }),
    details: z.record(z.string(), z.unknown()).openapi({
      description: 'What changed: ids, field names and the non-secret values before and after. Never a secret, a key or its hash.',
    }),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-03-31T00:00:00+02:00' });

const querySchema = z.object({
  action: z.enum(auditActions, { error: `must be one of ${auditActions.join(', ')}` }).optional(),
  actor: uuidSchema.optional().openapi({ description: 'Only what this user did' }),
  from: instant.optional().openapi({ description: 'From this instant (inclusive)' }),
  to: instant.optional().openapi({ description: 'Before this instant (exclusive)' }),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, { error: 'must be the nextCursor of a previous page' })
    .optional()
    .openapi({ description: '`nextCursor` of the previous page' }),
  limit: z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be 1 or more' })
    .max(200, { error: 'must be at most 200' })
    .default(50),
});

type AuditQuery = z.infer<typeof querySchema>;

async function readAudit(db: Queryable, tenantId: string, query: AuditQuery) {
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

const pageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
});

auditRoutes.openapi(
  apiRoute('audit:read', [], {
    method: 'get',
    path: '/audit',
    tags: ['settings'],
    summary: 'Read the audit log, newest first, filtered and paged',
    description:
      'Payment services (created, changed, credentials rotated, deleted), API keys (issued, revoked), users (created, ' +
      'role changed, disabled, enabled), settings (address, IBAN, ...), the system account, the closed period and accounts.',
    request: { query: querySchema },
    responses: { 200: json(pageSchema, 'One page of audit entries') },
  }),
  async (c) => c.json(await readAudit(c.get('deps').db, c.get('auth').tenantId, c.req.valid('query')), 200),
);

auditRoutes.openapi(
  apiRoute('audit:read', [], {
    method: 'get',
    path: '/audit-log',
    tags: ['settings'],
    summary: 'The newest 500 audit entries (use GET /api/v1/audit, which filters and pages)',
    deprecated: true,
    responses: { 200: json(z.object({ items: z.array(auditEntrySchema) }), 'Audit entries') },
  }),
  async (c) => {
    const { items } = await readAudit(c.get('deps').db, c.get('auth').tenantId, { limit: 500 });
    return c.json({ items }, 200);
  },
);
