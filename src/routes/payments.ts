// Payments (attempts) of the tenant's invoices, their refunds and cancellations.
import { z } from '@hono/zod-openapi';
import { type SQL, and, desc, eq } from 'drizzle-orm';
import { attemptStates, paymentAttempts } from '../db/schema.js';
import { notFound } from '../errors.js';
import { apiRoute, createRouter } from '../http/router.js';
import { idParamSchema, json, maxAmount, uuidSchema } from '../http/schemas.js';
import { paymentDeps } from '../payments/deps.js';
import { cancelPayment } from '../services/cancel-payment.js';
import { refundPayment } from '../services/refund-payment.js';

export const paymentRoutes = createRouter();

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
  })
  .openapi('Payment');

const toPayment = (row: typeof paymentAttempts.$inferSelect) => ({
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
});

async function onePayment(db: Parameters<typeof paymentDeps>[0]['db'], tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenantId), eq(paymentAttempts.id, id)));
  if (!row) throw notFound('The payment');
  return toPayment(row);
}

paymentRoutes.openapi(
  apiRoute('invoices:read', [], {
    method: 'get',
    path: '/payments',
    tags: ['payments'],
    summary: 'Payment attempts, newest first (last 200), optionally of one invoice',
    request: { query: z.object({ invoiceId: uuidSchema.optional() }) },
    responses: { 200: json(z.object({ items: z.array(paymentSchema) }), 'Payments') },
  }),
  async (c) => {
    const { invoiceId } = c.req.valid('query');
    const conditions: SQL[] = [eq(paymentAttempts.tenantId, c.get('auth').tenantId)];
    if (invoiceId) conditions.push(eq(paymentAttempts.invoiceId, invoiceId));
    const rows = await c
      .get('deps')
      .db.select()
      .from(paymentAttempts)
      .where(and(...conditions))
      .orderBy(desc(paymentAttempts.createdAt))
      .limit(200);
    return c.json({ items: rows.map(toPayment) }, 200);
  },
);

paymentRoutes.openapi(
  apiRoute('invoices:read', ['not_found'], {
    method: 'get',
    path: '/payments/{id}',
    tags: ['payments'],
    summary: 'One payment attempt',
    request: { params: idParamSchema },
    responses: { 200: json(paymentSchema, 'The payment') },
  }),
  async (c) => c.json(await onePayment(c.get('deps').db, c.get('auth').tenantId, c.req.valid('param').id), 200),
);

paymentRoutes.openapi(
  apiRoute('payments:refund', ['not_found', 'payment_not_refundable', 'provider_unavailable'], {
    method: 'post',
    path: '/payments/{id}/refund',
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
            }),
          },
        },
      },
    },
    responses: { 200: json(paymentSchema, 'The payment after the refund') },
  }),
  async (c) => {
    const { id } = c.req.valid('param');
    const { tenantId, userId } = c.get('auth');
    await refundPayment(paymentDeps(c.get('deps')), { tenantId, userId, attemptId: id, amount: c.req.valid('json')?.amount });
    return c.json(await onePayment(c.get('deps').db, tenantId, id), 200);
  },
);

paymentRoutes.openapi(
  apiRoute('payments:refund', ['not_found', 'payment_not_refundable', 'provider_unavailable'], {
    method: 'post',
    path: '/payments/{id}/cancel',
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
