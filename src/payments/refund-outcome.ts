// Writes down what a refund came to, as the provider's answer or record said: booked when
// captured, released when the provider refused it, and otherwise left pending (its
// reserved amount stays reserved) until the provider's record decides. A pending refund
// is never released on a guess: that is how money leaves twice.
import { and, eq } from 'drizzle-orm';
import { refunds } from '../db/schema.js';
import type { RefundOutcome } from '../providers/types.js';
import { completeRefund, releaseRefund } from './complete-refund.js';
import type { PaymentDeps } from './deps.js';

export async function applyRefundOutcome(deps: PaymentDeps, input: { refundId: string; outcome: RefundOutcome; userId: string | null }) {
  const { refundId, outcome, userId } = input;
  const now = deps.now();
  if (outcome.state === 'captured') {
    await deps.db.transaction((tx) => completeRefund(tx, { refundId, providerRefundId: outcome.providerRefundId, userId, now }));
  } else if (outcome.state === 'failed') {
    await deps.db.transaction((tx) => releaseRefund(tx, { refundId, reason: outcome.reason, now }));
  } else {
    deps.logger.warn('refund pending at the provider', { refundId, why: outcome.why });
    if (outcome.refusal) {
      await deps.db
        .update(refunds)
        .set({ failureReason: outcome.refusal })
        .where(and(eq(refunds.id, refundId), eq(refunds.state, 'pending')));
    }
  }
}
