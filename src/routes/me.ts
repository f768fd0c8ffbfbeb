// Who the API key belongs to, and what it may do.
import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { permissions, rolePermissions } from '../access.js';
import { tenants, users } from '../db/schema.js';
import { apiRoute, createRouter } from '../http/router.js';
import { json } from '../http/schemas.js';

export const meRoutes = createRouter();

const meSchema = z
  .object({
    tenant: z.object({ id: z.string(), name: z.string() }),
    user: z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() }),
    permissions: z.array(z.string()),
  })
  .openapi('Me');

meRoutes.openapi(
  apiRoute('accounts:read', [], {
    method: 'get',
    path: '/me',
    operationId: 'getCurrentUser',
    tags: ['access'],
    summary: 'The user and tenant behind the API key',
    responses: { 200: json(meSchema, 'The caller') },
  }),
  async (c) => {
    const auth = c.get('auth');
    const [row] = await c
      .get('deps')
      .db.select({
        tenant: { id: tenants.id, name: tenants.name },
        user: { id: users.id, name: users.name, email: users.email, role: users.role },
      })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(eq(users.id, auth.userId));
    if (!row) throw new Error('authenticated user vanished');
    const granted = (Object.keys(permissions) as (keyof typeof permissions)[]).filter((p) =>
      rolePermissions[auth.role].has(p),
    );
    return c.json({ ...row, permissions: granted }, 200);
  },
);
