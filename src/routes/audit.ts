// The audit log: who changed what that matters for security, and when. Newest first, in
// pages over the log's own sequence (a stable key: rows of one transaction share their
// time), filtered by action, actor and time range.
import { z } from '@hono/zod-openapi';
import { auditActions } from '../audit/record.js';
import { auditQuerySchema, readAudit } from '../audit/read.js';
import { apiRoute, createRouter } from '../http/router.js';
import { json } from '../http/schemas.js';

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

const pageSchema = z.object({
  items: z.array(auditEntrySchema),
  nextCursor: z.string().nullable().openapi({ description: 'Pass as `cursor` for the next (older) page; null on the last page' }),
});

auditRoutes.openapi(
  apiRoute('audit:read', [], {
    method: 'get',
    path: '/audit',
    operationId: 'listAuditEntries',
    tags: ['settings'],
    summary: 'Read the audit log, newest first, filtered and paged',
    description:
      'Payment services (created, changed, credentials rotated, deleted), API keys (issued, revoked), users (created, ' +
      'role changed, disabled, enabled), settings (address, IBAN, ...), the system account, the closed period and accounts.',
    request: { query: auditQuerySchema },
    responses: { 200: json(pageSchema, 'One page of audit entries') },
  }),
  async (c) => c.json(await readAudit(c.get('deps').db, c.get('auth').tenantId, c.req.valid('query')), 200),
);

auditRoutes.openapi(
  apiRoute('audit:read', [], {
    method: 'get',
    path: '/audit-log',
    operationId: 'listRecentAuditEntries',
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
