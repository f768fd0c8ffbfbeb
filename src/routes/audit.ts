// The audit log: who changed which setting when.
import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../db/schema.js';
import { apiRoute, createRouter } from '../http/router.js';
import { json } from '../http/schemas.js';

export const auditRoutes = createRouter();

const auditEntrySchema = z
  .object({
    id: z.string(),
    action: z.string(),
    actorUserId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AuditEntry');

auditRoutes.openapi(
  apiRoute('audit:read', [], {
    method: 'get',
    path: '/audit-log',
    tags: ['settings'],
    summary: 'Read the audit log, newest first (last 500 entries)',
    responses: { 200: json(z.object({ items: z.array(auditEntrySchema) }), 'Audit entries') },
  }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.select()
      .from(auditLog)
      .where(eq(auditLog.tenantId, c.get('auth').tenantId))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(500);
    const items = rows.map((row) => ({
      id: row.id,
      action: row.action,
      actorUserId: row.actorUserId,
      details: row.details as Record<string, unknown>,
      createdAt: row.createdAt.toISOString(),
    }));
    return c.json({ items }, 200);
  },
);
