// Invoices: created as drafts with lines; totals are computed by the server.
import { z } from '@hono/zod-openapi';
import { type SQL, and, asc, count, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { invoiceStatuses, invoices } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import { apiRoute, createRouter } from '../http/router.js';
import {
  currencySchema,
  dateSchema,
  idParamSchema,
  json,
  jsonBody,
  maxAmount,
  pageQuerySchema,
  uuidSchema,
} from '../http/schemas.js';
import { vatRates } from '../invoices/totals.js';
import { loadInvoiceView, loadInvoiceViews } from '../invoices/view.js';
import { invoiceViewSchema } from '../invoices/view-schema.js';
import { createInvoice, deleteInvoice, updateInvoice } from '../services/save-invoice.js';

export const invoiceRoutes = createRouter();

const lineSchema = z.strictObject({
  description: z.string().trim().min(1, { error: 'must say what is billed' }).max(500),
  quantity: z
    .union([z.number(), z.string()], { error: 'must be a number such as 1.5 (at most 3 decimals)' })
    .openapi({ example: '1.5', description: 'Up to 3 decimals; a decimal string avoids any float doubt.' }),
  unitPrice: z
    .number({ error: 'must be an integer count of minor units' })
    .int({ error: 'must be an integer count of minor units (Rappen, cents), not a decimal' })
    .min(0, { error: 'must not be negative' })
    .max(maxAmount)
    .openapi({ example: 18000, description: 'Net unit price in minor units (CHF 180.00 is 18000).' }),
  vatRate: z
    .number({ error: 'must be one of 8.1, 2.6, 3.8, 0' })
    .refine((rate) => (vatRates as readonly number[]).includes(rate), {
      error: 'must be one of 8.1, 2.6, 3.8, 0',
    })
    .openapi({ example: 8.1 }),
  revenueAccount: z
    .string()
    .regex(/^\d{4}$/, { error: 'must be a 4-digit account number' })
    .optional(),
});

const baseFields = {
  contactId: uuidSchema,
  currency: currencySchema.optional(),
  invoiceDate: dateSchema.optional(),
  dueDate: dateSchema.optional(),
  paymentTermDays: z.number().int().min(0).max(365).optional(),
  referenceText: z.string().trim().max(140).nullable().optional(),
  lines: z.array(lineSchema).min(1, { error: 'an invoice needs at least one line' }).max(200),
};
const createSchema = z.strictObject(baseFields);
const patchSchema = z.strictObject({
  ...baseFields,
  contactId: uuidSchema.optional(),
  lines: baseFields.lines.optional(),
});

invoiceRoutes.openapi(
  apiRoute('invoices:read', [], {
    method: 'get',
    path: '/invoices',
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
