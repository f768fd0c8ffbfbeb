// Contacts (invoice recipients) with structured Swiss addresses, as the QR-bill needs them.
import { z } from '@hono/zod-openapi';
import { type SQL, and, asc, count, eq, ilike, or } from 'drizzle-orm';
import { contacts } from '../db/schema.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, jsonBody, pageQuerySchema } from '../http/schemas.js';
import { createContact, updateContact } from '../services/save-contact.js';
import { contactCreateSchema as createSchema, contactLanguages as languages, contactPatchSchema as patchSchema } from './contact-schemas.js';

export const contactRoutes = createRouter();

const contactSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['company', 'person']),
    companyName: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    street: z.string(),
    buildingNumber: z.string().nullable(),
    postalCode: z.string(),
    city: z.string(),
    country: z.string(),
    email: z.string(),
    language: z.enum(languages),
    customerNumber: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Contact');

const toContact = (row: typeof contacts.$inferSelect) => {
  const { tenantId: _tenantId, ...rest } = row;
  return { ...rest, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
};

contactRoutes.openapi(
  apiRoute('contacts:read', [], {
    method: 'get',
    path: '/contacts',
    operationId: 'listContacts',
    tags: ['contacts'],
    summary: 'List contacts, optionally searching names and e-mail',
    request: { query: z.object({ q: z.string().max(100).optional(), ...pageQuerySchema }) },
    responses: {
      200: json(
        z.object({
          items: z.array(contactSchema),
          page: z.number(),
          pageSize: z.number(),
          total: z.number(),
        }),
        'Contacts',
      ),
    },
  }),
  async (c) => {
    const { q, page, pageSize } = c.req.valid('query');
    const conditions: SQL[] = [eq(contacts.tenantId, c.get('auth').tenantId)];
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const search = or(
        ilike(contacts.companyName, pattern),
        ilike(contacts.firstName, pattern),
        ilike(contacts.lastName, pattern),
        ilike(contacts.email, pattern),
      );
      if (search) conditions.push(search);
    }
    const db = c.get('deps').db;
    const [totalRow] = await db
      .select({ total: count() })
      .from(contacts)
      .where(and(...conditions));
    const rows = await db
      .select()
      .from(contacts)
      .where(and(...conditions))
      .orderBy(asc(contacts.createdAt), asc(contacts.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    return c.json({ items: rows.map(toContact), page, pageSize, total: totalRow?.total ?? 0 }, 200);
  },
);

contactRoutes.openapi(
  apiRoute('contacts:write', [], {
    method: 'post',
    path: '/contacts',
    operationId: 'createContact',
    tags: ['contacts'],
    summary: 'Create a contact',
    request: { body: jsonBody(createSchema) },
    responses: { 201: json(contactSchema, 'The new contact') },
  }),
  async (c) =>
    c.json(toContact(await createContact({ ctx: serviceContext(c), input: c.req.valid('json') })), 201),
);

contactRoutes.openapi(
  apiRoute('contacts:read', ['not_found'], {
    method: 'get',
    path: '/contacts/{id}',
    operationId: 'getContact',
    tags: ['contacts'],
    summary: 'One contact',
    request: { params: idParamSchema },
    responses: { 200: json(contactSchema, 'The contact') },
  }),
  async (c) => {
    const [row] = await c
      .get('deps')
      .db.select()
      .from(contacts)
      .where(and(eq(contacts.tenantId, c.get('auth').tenantId), eq(contacts.id, c.req.valid('param').id)));
    if (!row) throw notFound('The contact');
    return c.json(toContact(row), 200);
  },
);

contactRoutes.openapi(
  apiRoute('contacts:write', ['not_found'], {
    method: 'patch',
    path: '/contacts/{id}',
    operationId: 'updateContact',
    tags: ['contacts'],
    summary: 'Change a contact',
    request: { params: idParamSchema, body: jsonBody(patchSchema) },
    responses: { 200: json(contactSchema, 'The contact') },
  }),
  async (c) => {
    const row = await updateContact({
      ctx: serviceContext(c),
      input: { id: c.req.valid('param').id, patch: c.req.valid('json') },
    });
    return c.json(toContact(row), 200);
  },
);
