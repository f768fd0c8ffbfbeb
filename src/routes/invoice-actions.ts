// What an accountant does with an invoice beyond editing it: attach payment services
// (drafts only), send, cancel, and download the PDF.
import { z } from '@hono/zod-openapi';
import { DomainError, notFound } from '../errors.js';
import { serviceContext } from '../http/context.js';
import type { AppEnv } from '../http/env.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, jsonBody, rateSchema, uuidSchema } from '../http/schemas.js';
import { renderInvoicePdf } from '../documents/invoice-pdf.js';
import { loadInvoiceDocument } from '../invoices/document.js';
import { loadInvoiceView } from '../invoices/view.js';
import { invoiceViewSchema } from '../invoices/view-schema.js';
import { sandboxEnabled } from '../payments/deps.js';
import { cancelInvoice } from '../services/cancel-invoice.js';
import { sendInvoice } from '../services/send-invoice.js';
import { setPaymentServices } from '../services/set-payment-services.js';
import type { Context } from 'hono';
import type { AppDeps } from '../deps.js';

export const invoiceActionRoutes = createRouter();

async function invoiceView(c: Context<AppEnv>, id: string) {
  const view = await loadInvoiceView(
    c.get('deps').db,
    c.get('auth').tenantId,
    id,
    c.get('deps').publicBaseUrl,
  );
  if (!view) throw notFound('The invoice');
  return view;
}

invoiceActionRoutes.openapi(
  apiRoute('invoices:write', ['not_found', 'invoice_not_draft', 'currency_not_enabled'], {
    method: 'put',
    path: '/invoices/{id}/payment-services',
    operationId: 'setInvoicePaymentServices',
    tags: ['invoices'],
    summary: 'Attach payment services to a draft invoice (replaces the attached set)',
    description:
      'Only while the invoice is a draft. To offer online payment on an invoice already sent, cancel it and ' +
      'issue a new one. A payment service can be attached only if its contract has the invoice currency.',
    request: {
      params: idParamSchema,
      body: jsonBody(z.strictObject({ connectionIds: z.array(uuidSchema).max(10) })),
    },
    responses: { 200: json(invoiceViewSchema, 'The invoice with its payment services') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    await setPaymentServices({ ctx: serviceContext(c), input: { invoiceId: id, ...c.req.valid('json') } });
    return c.json(await invoiceView(c, id), 200);
  },
);

invoiceActionRoutes.openapi(
  apiRoute(
    'invoices:write',
    ['not_found', 'invoice_not_draft', 'settings_incomplete', 'amount_invalid', 'period_closed'],
    {
      method: 'post',
      path: '/invoices/{id}/send',
      operationId: 'sendInvoice',
      tags: ['invoices'],
      summary: 'Send a draft: number it, book the receivable, create its pay link and e-mail it',
      request: {
        params: idParamSchema,
        body: {
          required: false,
          content: {
            'application/json': {
              schema: z.strictObject({
                exchangeRate: rateSchema
                  .optional()
                  .openapi({
                    description:
                      'CHF per unit of the invoice currency; required unless the invoice is in CHF.',
                  }),
              }),
            },
          },
        },
      },
      responses: { 200: json(invoiceViewSchema, 'The sent invoice') },
    },
  ),
  async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    await sendInvoice({ ctx: serviceContext(c), input: { invoiceId: id, exchangeRate: body.exchangeRate } });
    return c.json(await invoiceView(c, id), 200);
  },
);

invoiceActionRoutes.openapi(
  apiRoute('invoices:write', ['not_found', 'invoice_not_cancellable'], {
    method: 'post',
    path: '/invoices/{id}/cancel',
    operationId: 'cancelInvoice',
    tags: ['invoices'],
    summary: 'Cancel a sent, unpaid invoice; its receivable booking is reversed',
    request: { params: idParamSchema },
    responses: { 200: json(invoiceViewSchema, 'The cancelled invoice') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    await cancelInvoice({ ctx: serviceContext(c), input: { invoiceId: id } });
    return c.json(await invoiceView(c, id), 200);
  },
);

invoiceActionRoutes.openapi(
  apiRoute('invoices:read', ['not_found', 'invoice_not_sent'], {
    method: 'get',
    path: '/invoices/{id}/pdf',
    operationId: 'getInvoicePdf',
    tags: ['invoices'],
    summary: 'The invoice as PDF with the Swiss QR-bill',
    request: { params: idParamSchema },
    responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string() } } } },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const view = await invoiceView(c, id);
    return invoicePdfResponse(c.get('deps'), c.get('auth').tenantId, view.id);
  },
);

/** The PDF of a sent invoice of the tenant; the API and the back office both answer with it. */
export async function invoicePdfResponse(deps: AppDeps, tenantId: string, invoiceId: string): Promise<Response> {
  const document = await loadInvoiceDocument(deps.db, tenantId, invoiceId, deps.publicBaseUrl, sandboxEnabled(deps));
  if (!document) {
    throw new DomainError('invoice_not_sent', `Invoice ${invoiceId} is a draft: it gets its number and payment reference when sent.`);
  }
  return pdfResponse(await renderInvoicePdf(document), `${document.invoice.number}.pdf`);
}

export function pdfResponse(bytes: Uint8Array, filename: string): Response {
  return new Response(new Uint8Array(bytes), {
    status: 200,
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `inline; filename="${filename}"` },
  });
}
