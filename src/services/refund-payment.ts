// Refunding a captured payment. The amount is reserved on the attempt first (so concurrent
// refunds cannot exceed the capture), then the provider is asked, outside any transaction:
// Saferpay authorises a refund and captures it (full or partial); PostFinance refunds
// SwissBilling in full only (RFS). Once the provider confirms, completeRefund books it. A
// PostFinance refund still pending (81) stays `requested` until the status-change post-sale
// (STATUS 8) completes it.
import { and, eq } from 'drizzle-orm';
import { connections, paymentAttempts, refunds } from '../db/schema.js';
import { providerNames } from '../connections/rules.js';
import { DomainError, notFound } from '../errors.js';
import { formatMoney } from '../i18n.js';
import type { PaymentDeps } from '../payments/deps.js';
import { completeRefund, releaseRefund } from '../payments/complete-refund.js';
import { paymentAdapters } from '../providers/adapters.js';
import { ProviderError } from '../providers/types.js';

export async function refundPayment(
  deps: PaymentDeps,
  input: { tenantId: string; userId: string | null; attemptId: string; amount?: number },
) {
  const { attempt, refund } = await reserveRefund(deps, input);
  const [connection] = await deps.db.select().from(connections).where(eq(connections.id, attempt.connectionId));
  let providerRefundId: string | null;
  try {
    providerRefundId = await paymentAdapters[attempt.provider].refund(deps, { attempt, connection: connection!, refund });
  } catch (error) {
    const reason = error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error);
    await deps.db.transaction((tx) => releaseRefund(tx, { refundId: refund.id, reason, now: deps.now() }));
    throw new DomainError('provider_unavailable', `${providerNames[attempt.provider]} did not refund the payment: ${reason}`, { reason });
  }
  if (providerRefundId !== null) {
    const done = { refundId: refund.id, providerRefundId, userId: input.userId, now: deps.now() };
    await deps.db.transaction((tx) => completeRefund(tx, done));
  }
  return { refundId: refund.id };
}

async function reserveRefund(deps: PaymentDeps, input: { tenantId: string; userId: string | null; attemptId: string; amount?: number }) {
  return deps.db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, input.tenantId), eq(paymentAttempts.id, input.attemptId)))
      .for('update');
    if (!attempt) throw notFound('The payment');
    const refundable = attempt.capturedAmount - attempt.refundedAmount;
    if (attempt.state !== 'captured' || refundable <= 0 || !attempt.providerCaptureId) {
      throw new DomainError('payment_not_refundable', `Payment ${attempt.id} is ${attempt.state}; nothing can be refunded.`);
    }
    const amount = input.amount ?? refundable;
    if (amount > refundable) {
      throw new DomainError('payment_not_refundable', `At most ${formatMoney(refundable, attempt.currency)} can be refunded.`, {
        errors: [{ field: 'amount', message: `at most ${refundable}` }],
      });
    }
    if (attempt.provider === 'postfinance' && amount !== attempt.capturedAmount) {
      throw new DomainError('payment_not_refundable', `SwissBilling refunds only the full amount (${formatMoney(attempt.capturedAmount, attempt.currency)}).`, {
        errors: [{ field: 'amount', message: `leave it out or give ${attempt.capturedAmount}` }],
      });
    }
    const [refund] = await tx
      .insert(refunds)
      .values({ tenantId: attempt.tenantId, attemptId: attempt.id, amount, currency: attempt.currency, createdByUserId: input.userId })
      .returning();
    await tx
      .update(paymentAttempts)
      .set({ refundedAmount: attempt.refundedAmount + amount, updatedAt: deps.now() })
      .where(eq(paymentAttempts.id, attempt.id));
    return { attempt, refund: refund! };
  });
}

