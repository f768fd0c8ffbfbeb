// Users of the tenant and their API keys (admin only). A new key is shown once. A user's
// role changes and a user is disabled (all their keys stop at once) by a PATCH; every
// change here is audited.
import { z } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { roles } from '../access.js';
import { apiKeys, users } from '../db/schema.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, jsonBody } from '../http/schemas.js';
import { createUser } from '../services/create-user.js';
import { createApiKey } from '../services/issue-api-key.js';
import { revokeApiKey } from '../services/revoke-api-key.js';
import { updateUser } from '../services/update-user.js';

export const userRoutes = createRouter();

const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.enum(roles),
    disabled: z.boolean().openapi({ description: "A disabled user's API keys are refused (401)" }),
    disabledAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('User');
const apiKeySchema = z
  .object({
    id: z.string(),
    label: z.string(),
    displayPrefix: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');
const newApiKeySchema = z
  .object({
    id: z.string(),
    label: z.string(),
    displayPrefix: z.string(),
    apiKey: z.string(),
    createdAt: z.string(),
  })
  .openapi('NewApiKey');

/** Also the back office's forms (web/settings): one set of rules for both. */
export const createUserSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email({ error: 'must be an e-mail address' }).max(320),
  role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }),
});

export const patchUserSchema = z.strictObject({
  role: z.enum(roles, { error: `must be one of ${roles.join(', ')}` }).optional(),
  disabled: z.boolean({ error: 'must be true or false' }).optional().openapi({
    description: "true: every API key of the user is refused from the next request on; false: they work again (unless revoked)",
  }),
});

export const apiKeyLabelSchema = z.strictObject({ label: z.string().trim().min(1).max(100) });

const toUser = (row: typeof users.$inferSelect) => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  disabled: row.disabledAt !== null,
  disabledAt: row.disabledAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

userRoutes.openapi(
  apiRoute('users:manage', [], {
    method: 'get',
    path: '/users',
    operationId: 'listUsers',
    tags: ['access'],
    summary: 'List users',
    responses: { 200: json(z.object({ items: z.array(userSchema) }), 'Users of the tenant') },
  }),
  async (c) => {
    const rows = await c
      .get('deps')
      .db.select()
      .from(users)
      .where(eq(users.tenantId, c.get('auth').tenantId))
      .orderBy(asc(users.createdAt), asc(users.id));
    return c.json({ items: rows.map(toUser) }, 200);
  },
);

userRoutes.openapi(
  apiRoute('users:manage', ['conflict'], {
    method: 'post',
    path: '/users',
    operationId: 'createUser',
    tags: ['access'],
    summary: 'Create a user',
    request: { body: jsonBody(createUserSchema) },
    responses: { 201: json(userSchema, 'The new user') },
  }),
  async (c) => c.json(toUser(await createUser({ ctx: serviceContext(c), input: c.req.valid('json') })), 201),
);

userRoutes.openapi(
  apiRoute('users:manage', ['not_found', 'last_admin'], {
    method: 'patch',
    path: '/users/{id}',
    operationId: 'updateUser',
    tags: ['access'],
    summary: "Change a user's role, or disable or enable the user",
    description: 'The last active admin can be neither disabled nor given another role (409 `last_admin`). Audited.',
    request: { params: idParamSchema, body: jsonBody(patchUserSchema) },
    responses: { 200: json(userSchema, 'The user') },
  }),
  async (c) => {
    const user = await updateUser({ ctx: serviceContext(c), input: { id: c.req.valid('param').id, patch: c.req.valid('json') } });
    return c.json(toUser(user), 200);
  },
);

userRoutes.openapi(
  apiRoute('users:manage', ['not_found'], {
    method: 'get',
    path: '/users/{id}/api-keys',
    operationId: 'listApiKeys',
    tags: ['access'],
    summary: "List a user's API keys (never the keys themselves)",
    request: { params: idParamSchema },
    responses: { 200: json(z.object({ items: z.array(apiKeySchema) }), 'Keys') },
  }),
  async (c) => {
    const { db } = c.get('deps');
    const { tenantId } = c.get('auth');
    const { id } = c.req.valid('param');
    const [user] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
    if (!user) throw notFound('The user');
    const rows = await db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.userId, id)))
      .orderBy(asc(apiKeys.createdAt));
    const items = rows.map((row) => ({
      id: row.id,
      label: row.label,
      displayPrefix: row.displayPrefix,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    }));
    return c.json({ items }, 200);
  },
);

userRoutes.openapi(
  apiRoute('users:manage', ['not_found', 'user_disabled'], {
    method: 'post',
    path: '/users/{id}/api-keys',
    operationId: 'createApiKey',
    tags: ['access'],
    summary: 'Create an API key for a user; the key is in this answer only',
    request: {
      params: idParamSchema,
      body: jsonBody(apiKeyLabelSchema),
    },
    responses: { 201: json(newApiKeySchema, 'The key, shown this once') },
  }),
  async (c) => {
    const key = await createApiKey({
      ctx: serviceContext(c),
      input: { userId: c.req.valid('param').id, label: c.req.valid('json').label },
    });
    return c.json({ ...key, createdAt: key.createdAt.toISOString() }, 201);
  },
);

userRoutes.openapi(
  apiRoute('users:manage', ['not_found'], {
    method: 'delete',
    path: '/api-keys/{id}',
    operationId: 'revokeApiKey',
    tags: ['access'],
    summary: 'Revoke an API key',
    request: { params: idParamSchema },
    responses: { 204: { description: 'Revoked' } },
  }),
  async (c) => {
    await revokeApiKey({ ctx: serviceContext(c), input: { apiKeyId: c.req.valid('param').id } });
    return c.body(null, 204);
  },
);
