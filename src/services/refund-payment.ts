// Refunding a captured payment. The amount is reserved on the attempt first (so concurrent
// refunds cannot exceed the capture, and a second refund waits while one is pending), then
// the provider is asked, outside any transaction: Saferpay authorises a refund and captures
// it (full or partial); PostFinance refunds SwissBilling in full only (RFS). What the
// provider answered decides: captured is booked, refused is released, and an answer that
// did not come back leaves the refund pending until the reconciliation job has asked the
// provider's own record (Saferpay Inquire, PostFinance querydirect).
import { and, eq } from 'drizzle-orm';
import { connections, paymentAttempts, refunds } from '../db/schema.js';
import { assertUsableNow } from '../connections/environment.js';
import { providerNames } from '../connections/rules.js';
import { DomainError, notFound } from '../errors.js';
import { formatMoney } from '../i18n.js';
import { hasEntry } from '../ledger/read-entries.js';
import { captureKey } from '../payments/book-to-suspense.js';
import type { PaymentDeps } from '../payments/deps.js';
import { applyRefundOutcome } from '../payments/refund-outcome.js';
import { paymentAdapters } from '../providers/adapters.js';
import type { RefundOutcome } from '../providers/types.js';

export interface RefundInput {
  tenantId: string;
  userId: string | null;
  attemptId: string;
  amount?: number;
  /** Why the money goes back, kept with the refund for the bookkeeper. */
  reason?: string | null;
}

export async function refundPayment(
  deps: PaymentDeps,
  input: RefundInput,
): Promise<{ refundId: string; state: RefundOutcome['state'] }> {
  const { attempt, refund } = await reserveRefund(deps, input);
  const [connection] = await deps.db.select().from(connections).where(eq(connections.id, attempt.connectionId));
  // Whatever broke off mid-call may have reached the provider: pending, for its record to decide.
  const outcome = await paymentAdapters[attempt.provider]
    .refund(deps, { attempt, connection: connection!, refund })
    .catch((error: unknown): RefundOutcome => ({ state: 'pending', why: `the refund call broke off: ${String(error)}` }));
  await applyRefundOutcome(deps, { refundId: refund.id, outcome, userId: input.userId });
  if (outcome.state === 'failed') {
    throw new DomainError('refund_refused', `${providerNames[attempt.provider]} did not refund the payment: ${outcome.reason}`, {
      reason: outcome.reason,
      refundId: refund.id,
    });
  }
  return { refundId: refund.id, state: outcome.state };
}

async function reserveRefund(deps: PaymentDeps, input: RefundInput) {
  return deps.db.transaction(async (tx) => {
    const [attempt] = await tx
      .select()
      .from(paymentAttempts)
      .where(and(eq(paymentAttempts.tenantId, input.tenantId), eq(paymentAttempts.id, input.attemptId)))
      .for('update');
    if (!attempt) throw notFound('The payment');
    const [connection] = await tx.select({ environment: connections.environment }).from(connections).where(eq(connections.id, attempt.connectionId));
    assertUsableNow(connection!, deps.sandboxEnabled);
    const [waiting] = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.attemptId, attempt.id), eq(refunds.state, 'pending')));
    if (waiting) {
      // Its outcome is unknown: a second refund now could pay the same money back twice.
      throw new DomainError(
        'refund_pending',
        `A refund of ${formatMoney(waiting.amount, waiting.currency)} from ${waiting.createdAt.toISOString()} is still waiting for ` +
          `${providerNames[attempt.provider]} to confirm or refuse it; refund again once it is settled.`,
        { refundId: waiting.id },
      );
    }
    const refundable = attempt.capturedAmount - attempt.refundedAmount;
    if (attempt.state !== 'captured' || refundable <= 0 || !attempt.providerCaptureId) {
      throw new DomainError('payment_not_refundable', `Payment ${attempt.id} is ${attempt.state}; nothing can be refunded.`);
    }
    const amount = input.amount ?? refundable;
    if (amount > refundable) {
      throw new DomainError('payment_not_refundable', `At most ${formatMoney(refundable, attempt.capturedCurrency ?? attempt.currency)} can be refunded.`, {
        errors: [{ field: 'amount', message: `at most ${refundable}` }],
      });
    }
    const wholeOnly = paymentAdapters[attempt.provider].refundsWholeAmountOnly;
    if (wholeOnly && amount !== attempt.capturedAmount) {
      throw new DomainError('payment_not_refundable', `${wholeOnly} refunds only the full amount (${formatMoney(attempt.capturedAmount, attempt.currency)}).`, {
        errors: [{ field: 'amount', message: `leave it out or give ${attempt.capturedAmount}` }],
      });
    }
    if (!(await hasEntry(tx, attempt.tenantId, captureKey(attempt.id)))) {
      throw new DomainError('payment_not_refundable', `Payment ${attempt.id} is not booked yet (no CHF rate was known): book it first (POST /api/v1/payments/${attempt.id}/book).`);
    }
    // Money goes back in the currency it came in, which the provider may have chosen differently.
    const currency = attempt.capturedCurrency ?? attempt.currency;
    const [refund] = await tx
      .insert(refunds)
      .values({ tenantId: attempt.tenantId, attemptId: attempt.id, amount, currency, reason: input.reason ?? null, createdByUserId: input.userId })
      .returning();
    await tx
      .update(paymentAttempts)
      .set({ refundedAmount: attempt.refundedAmount + amount, updatedAt: deps.now() })
      .where(eq(paymentAttempts.id, attempt.id));
    return { attempt, refund: refund! };
  });
}
