// Payments (attempts) of the tenant's invoices, their refunds and cancellations.
import { z } from '@hono/zod-openapi';
import { type SQL, and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { attemptStates, paymentAttempts, refundStates, refunds } from '../db/schema.js';
import { notFound } from '../errors.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, jsonBody, maxAmount, rateSchema, uuidSchema } from '../http/schemas.js';
import { paymentDeps } from '../payments/deps.js';
import { bookUnbookedPayment, unbookedCondition } from '../services/book-unbooked-payment.js';
import { cancelPayment } from '../services/cancel-payment.js';
import { serviceContext } from '../http/context.js';
import { refundPayment } from '../services/refund-payment.js';

export const paymentRoutes = createRouter();

/** Why money goes back; the back office asks for it on every refund. */
export const refundReasonSchema = z.string().trim().min(1, { error: 'must say why the money goes back' }).max(500, { error: 'at most 500 characters' });

const refundSchema = z
  .object({
    id: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    state: z.enum(refundStates).openapi({
      description: '`pending` until the provider confirms (`captured`) or refuses (`failed`); a pending refund blocks a second one',
    }),
    failureReason: z.string().nullable().openapi({ description: 'Why the provider refused it (or, while pending, refused to capture it)' }),
    providerRefundId: z.string().nullable(),
    reason: z.string().nullable().openapi({ description: 'Why the money was given back, as the accountant wrote it' }),
    createdAt: z.string(),
  })
  .openapi('Refund');

const paymentSchema = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    connectionId: z.string(),
    provider: z.string(),
    method: z.string(),
    amount: z.number().int(),
    currency: z.string(),
    state: z.enum(attemptStates),
    capturedAmount: z.number().int(),
    refundedAmount: z.number().int(),
    failureReason: z.string().nullable(),
    failureCode: z.string().nullable().openapi({ description: "The provider's error name (NO_CONTRACT: the method has no contract for the currency)" }),
    payerMessage: z.string().nullable(),
    orderId: z.string().openapi({ description: 'The order id the provider knows the payment by' }),
    providerTransactionId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    refunds: z.array(refundSchema).openapi({ description: 'Oldest first' }),
  })
  .openapi('Payment');

const toRefund = (row: typeof refunds.$inferSelect) => ({
  id: row.id,
  amount: row.amount,
  currency: row.currency,
  state: row.state,
  failureReason: row.failureReason,
  providerRefundId: row.providerRefundId,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
});

const toPayment = (row: typeof paymentAttempts.$inferSelect, refundRows: (typeof refunds.$inferSelect)[]) => ({
  id: row.id,
  invoiceId: row.invoiceId,
  connectionId: row.connectionId,
  provider: row.provider,
  method: row.method,
  amount: row.amount,
  currency: row.currency,
  state: row.state,
  capturedAmount: row.capturedAmount,
  refundedAmount: row.refundedAmount,
  failureReason: row.failureReason,
  failureCode: row.failureCode,
  payerMessage: row.payerMessage,
  orderId: row.orderId,
  providerTransactionId: row.providerTransactionId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  refunds: refundRows.filter((refund) => refund.attemptId === row.id).map(toRefund),
});

/** The refunds of the given payments, in one query. */
async function refundsOf(db: Queryable, tenantId: string, attemptIds: string[]) {
  if (attemptIds.length === 0) return [];
  return db
    .select()
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), inArray(refunds.attemptId, attemptIds)))
    .orderBy(asc(refunds.createdAt));
}

async function onePayment(db: Queryable, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenantId), eq(paymentAttempts.id, id)));
  if (!row) throw notFound('The payment');
  return toPayment(row, await refundsOf(db, tenantId, [row.id]));
}

paymentRoutes.openapi(
  apiRoute('invoices:read', [], {
    method: 'get',
    path: '/payments',
    operationId: 'listPayments',
    tags: ['payments'],
    summary: 'Payment attempts, newest first (last 200), optionally of one invoice',
    request: {
      query: z.object({
        invoiceId: uuidSchema.optional(),
        unbooked: z.enum(['true', 'false']).optional().openapi({
          description: 'true: only captured money with no booking yet (no CHF rate was known); book it with POST /payments/{id}/book',
        }),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(paymentSchema) }), 'Payments') },
  }),
  async (c) => {
    const { invoiceId, unbooked } = c.req.valid('query');
    const conditions: SQL[] = [eq(paymentAttempts.tenantId, c.get('auth').tenantId)];
    if (invoiceId) conditions.push(eq(paymentAttempts.invoiceId, invoiceId));
    if (unbooked === 'true') conditions.push(unbookedCondition());
    const rows = await c
      .get('deps')
      .db.select()
      .from(paymentAttempts)
      .where(and(...conditions))
      .orderBy(desc(paymentAttempts.createdAt))
      .limit(200);
    const refundRows = await refundsOf(c.get('deps').db, c.get('auth').tenantId, rows.map((row) => row.id));
    return c.json({ items: rows.map((row) => toPayment(row, refundRows)) }, 200);
  },
);

paymentRoutes.openapi(
  apiRoute('invoices:read', ['not_found'], {
    method: 'get',
    path: '/payments/{id}',
    operationId: 'getPayment',
    tags: ['payments'],
    summary: 'One payment attempt',
    request: { params: idParamSchema },
    responses: { 200: json(paymentSchema, 'The payment') },
  }),
  async (c) => c.json(await onePayment(c.get('deps').db, c.get('auth').tenantId, c.req.valid('param').id), 200),
);

paymentRoutes.openapi(
  apiRoute('payments:refund', ['not_found', 'payment_not_refundable', 'refund_pending', 'refund_refused', 'sandbox_disabled'], {
    method: 'post',
    path: '/payments/{id}/refund',
    operationId: 'refundPayment',
    tags: ['payments'],
    summary: 'Refund a captured payment, fully (no amount) or in part',
    request: {
      params: idParamSchema,
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.strictObject({
              amount: z
                .number({ error: 'must be an integer count of minor units' })
                .int({ error: 'must be an integer count of minor units' })
                .min(1, { error: 'must be positive' })
                .max(maxAmount)
                .optional(),
              reason: refundReasonSchema.optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: json(paymentSchema, 'Refunded: the provider confirmed it and it is booked'),
      202: json(paymentSchema, 'The provider has not confirmed the refund yet: it stays pending (nothing booked, nothing released) until its record says'),
    },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { tenantId, userId } = c.get('auth');
    const body = c.req.valid('json');
    const { state } = await refundPayment(paymentDeps(c.get('deps')), { tenantId, userId, attemptId: id, amount: body?.amount, reason: body?.reason });
    return c.json(await onePayment(c.get('deps').db, tenantId, id), state === 'pending' ? 202 : 200);
  },
);

paymentRoutes.openapi(
  apiRoute('payments:refund', ['not_found', 'payment_not_refundable', 'provider_unavailable', 'sandbox_disabled'], {
    method: 'post',
    path: '/payments/{id}/cancel',
    operationId: 'cancelPayment',
    tags: ['payments'],
    summary: 'Cancel an authorised payment that was not captured',
    request: { params: idParamSchema },
    responses: { 200: json(paymentSchema, 'The cancelled payment') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { tenantId } = c.get('auth');
    await cancelPayment(paymentDeps(c.get('deps')), { tenantId, attemptId: id });
    return c.json(await onePayment(c.get('deps').db, tenantId, id), 200);
  },
);

paymentRoutes.openapi(
  apiRoute('journal:write', ['not_found', 'conflict', 'amount_invalid'], {
    method: 'post',
    path: '/payments/{id}/book',
    operationId: 'bookPayment',
    tags: ['payments'],
    summary: 'Book captured money that arrived in a currency with no known CHF rate: system account against 1099 suspense',
    request: {
      params: idParamSchema,
      body: jsonBody(
        z.strictObject({
          rate: rateSchema.openapi({ description: 'CHF per unit of the captured currency on the day it was captured' }),
        }),
      ),
    },
    responses: { 200: json(paymentSchema, 'Booked') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    await bookUnbookedPayment({ ctx: serviceContext(c), input: { attemptId: id, rate: c.req.valid('json').rate } });
    return c.json(await onePayment(c.get('deps').db, c.get('auth').tenantId, id), 200);
  },
);
