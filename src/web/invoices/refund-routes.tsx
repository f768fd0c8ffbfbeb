// Refunds from the invoice page: an amount and the reason, through refundPayment, the verb
// of POST /api/v1/payments/{id}/refund. What the provider answered is said as it is: a
// refund it has not confirmed yet is "requested, waiting", never "done".
import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { paymentAttempts } from '../../db/schema.js';
import { DomainError } from '../../errors.js';
import { uuidSchema } from '../../http/schemas.js';
import { paymentDeps } from '../../payments/deps.js';
import { refundReasonSchema } from '../../routes/payments.js';
import { refundPayment } from '../../services/refund-payment.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { NotFoundPage } from '../pages.js';
import { parseTypedAmount } from './draft-form.js';
import { refused, renderDetail } from './detail-render.js';
import { invoiceTexts } from './texts.js';

export const refundRoutes = new Hono<OfficeEnv>();

refundRoutes.post('/invoices/:id/payments/:attemptId/refund', requireWebPermission('payments:refund'), async (c) => {
  const t = invoiceTexts(c);
  const { id, attemptId } = c.req.param();
  const { tenantId, userId } = c.get('session');
  const deps = c.get('deps');
  if (!uuidSchema.safeParse(id).success || !uuidSchema.safeParse(attemptId).success) return c.html(<NotFoundPage c={c} />, 404);
  const [attempt] = await deps.db
    .select()
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.tenantId, tenantId), eq(paymentAttempts.id, attemptId), eq(paymentAttempts.invoiceId, id)));
  if (!attempt) return c.html(<NotFoundPage c={c} />, 404);
  const body = await c.req.parseBody();
  const form = { attemptId, amount: typeof body.amount === 'string' ? body.amount : '', reason: typeof body.reason === 'string' ? body.reason : '', errors: {} as Record<string, string> };
  const amount = parseTypedAmount(form.amount, attempt.capturedCurrency ?? attempt.currency);
  if ('problem' in amount || amount.amount <= 0) form.errors.amount = t.amountInvalid;
  const reason = refundReasonSchema.safeParse(form.reason);
  if (!reason.success) form.errors.reason = t.refundReasonRequired;
  if (Object.keys(form.errors).length > 0 || 'problem' in amount || !reason.success) {
    return renderDetail(c, id, { refundForm: form, problem: t.refundNotDone }, 422);
  }
  try {
    const { state } = await refundPayment(paymentDeps(deps), { tenantId, userId, attemptId, amount: amount.amount, reason: reason.data });
    return c.redirect(`/office/invoices/${id}?done=${state === 'pending' ? 'doneRefundPending' : 'doneRefunded'}`, 303);
  } catch (error) {
    if (error instanceof DomainError && error.extra.errors) {
      form.errors = Object.fromEntries(error.extra.errors.map((problem) => [problem.field, problem.message]));
    }
    return refused(c, id, error, { refundForm: form });
  }
});
