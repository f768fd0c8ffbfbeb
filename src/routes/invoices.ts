// Invoices: created as drafts with lines; totals are computed by the server.
import { z } from '@hono/zod-openapi';
import { type SQL, and, asc, count, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { invoiceStatuses, invoices } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, jsonBody, pageQuerySchema, uuidSchema } from '../http/schemas.js';
import { loadInvoiceView, loadInvoiceViews } from '../invoices/view.js';
import { invoiceViewSchema } from '../invoices/view-schema.js';
import { createInvoice, deleteInvoice, updateInvoice } from '../services/save-invoice.js';
import { invoiceCreateSchema as createSchema, invoicePatchSchema as patchSchema } from './invoice-schemas.js';

export const invoiceRoutes = createRouter();

invoiceRoutes.openapi(
  apiRoute('invoices:read', [], {
    method: 'get',
    path: '/invoices',
    operationId: 'listInvoices',
    tags: ['invoices'],
    summary: 'List invoices, newest first',
    request: {
      query: z.object({
        status: z.enum(invoiceStatuses).optional(),
        contactId: uuidSchema.optional(),
        ...pageQuerySchema,
      }),
    },
    responses: {
      200: json(
        z.object({
          items: z.array(invoiceViewSchema),
          page: z.number(),
          pageSize: z.number(),
          total: z.number(),
        }),
        'Invoices',
      ),
    },
  }),
  async (c) => {
    const { status, contactId, page, pageSize } = c.req.valid('query');
    const { db, publicBaseUrl } = c.get('deps');
    const { tenantId } = c.get('auth');
    const conditions: SQL[] = [eq(invoices.tenantId, tenantId)];
    if (status) conditions.push(eq(invoices.status, status));
    if (contactId) conditions.push(eq(invoices.contactId, contactId));
    const [totalRow] = await db
      .select({ total: count() })
      .from(invoices)
      .where(and(...conditions));
    const rows = await db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(...conditions))
      .orderBy(asc(invoices.createdAt), asc(invoices.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const items = await loadInvoiceViews(
      db,
      tenantId,
      rows.map((r) => r.id),
      publicBaseUrl,
    );
    return c.json({ items, page, pageSize, total: totalRow?.total ?? 0 }, 200);
  },
);

async function respond(c: Context<AppEnv>, id: string) {
  const view = await loadInvoiceView(
    c.get('deps').db,
    c.get('auth').tenantId,
    id,
    c.get('deps').publicBaseUrl,
  );
  if (!view) throw notFound('The invoice');
  return view;
}

invoiceRoutes.openapi(
  apiRoute('invoices:write', ['not_found', 'account_unknown', 'amount_invalid'], {
    method: 'post',
    path: '/invoices',
    operationId: 'createInvoice',
    tags: ['invoices'],
    summary: 'Create a draft invoice',
    description:
      'The default payment services of the tenant whose contract has the invoice currency are attached.',
    request: { body: jsonBody(createSchema) },
    responses: { 201: json(invoiceViewSchema, 'The draft') },
  }),
  async (c) => {
    const id = await createInvoice({ ctx: serviceContext(c), input: c.req.valid('json') });
    return c.json(await respond(c, id), 201);
  },
);

invoiceRoutes.openapi(
  apiRoute('invoices:read', ['not_found'], {
    method: 'get',
    path: '/invoices/{id}',
    operationId: 'getInvoice',
    tags: ['invoices'],
    summary: 'One invoice with totals, payment services, pay link and e-mail status',
    request: { params: idParamSchema },
    responses: { 200: json(invoiceViewSchema, 'The invoice') },
  }),
  async (c) => c.json(await respond(c, c.req.valid('param').id), 200),
);

invoiceRoutes.openapi(
  apiRoute('invoices:write', ['not_found', 'invoice_not_draft', 'account_unknown', 'amount_invalid'], {
    method: 'patch',
    path: '/invoices/{id}',
    operationId: 'updateInvoice',
    tags: ['invoices'],
    summary: 'Change a draft (lines, when given, replace all lines)',
    request: { params: idParamSchema, body: jsonBody(patchSchema) },
    responses: { 200: json(invoiceViewSchema, 'The draft') },
  }),
  async (c) => {
    const id = await updateInvoice({
      ctx: serviceContext(c),
      input: { id: c.req.valid('param').id, patch: c.req.valid('json') },
    });
    return c.json(await respond(c, id), 200);
  },
);

invoiceRoutes.openapi(
  apiRoute('invoices:write', ['not_found', 'invoice_not_draft'], {
    method: 'delete',
    path: '/invoices/{id}',
    operationId: 'deleteInvoice',
    tags: ['invoices'],
    summary: 'Delete a draft',
    request: { params: idParamSchema },
    responses: { 204: { description: 'Deleted' } },
  }),
  async (c) => {
    await deleteInvoice({ ctx: serviceContext(c), input: { id: c.req.valid('param').id } });
    return c.body(null, 204);
  },
);
