// Refunds (spec §6): POST /v1/refunds on the attempt's PaymentIntent with the amount (a
// part or the whole) and the idempotency key `refund:<our refund id>`, so sending it again
// after a lost answer finds the first refund instead of paying twice. Booked at
// `succeeded`; `failed` or `canceled` releases it with Stripe's reason; anything else
// (`pending`, `requires_action`, a lost answer) stays pending until Stripe's record decides.
// A refund carries no livemode: it is read with the connection's key, whose mode the key
// guard fixed, and objects of one mode are invisible to the other (spec §1).
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { refunds } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import type { RefundInput, RefundOutcome } from '../types.js';
import { providerErrorOf, stripeFor } from './client-for.js';

export const refundIdempotencyKey = (refundId: string) => `refund:${refundId}`;

const failureWords: Record<string, string> = {
  charge_for_pending_refund_disputed: 'the payment was disputed meanwhile',
  declined: 'the card issuer or TWINT declined it',
  expired_or_canceled_card: 'the card expired or was cancelled',
  insufficient_funds: 'the Stripe balance did not cover it',
  lost_or_stolen_card: 'the card was reported lost or stolen',
  merchant_request: 'it was cancelled at Stripe',
  unknown: 'Stripe gave no reason',
};

export function refundOutcomeOf(refund: Stripe.Refund): RefundOutcome {
  switch (refund.status) {
    case 'succeeded':
      return { state: 'captured', providerRefundId: refund.id };
    case 'failed':
    case 'canceled': {
      const reason = refund.failure_reason ? (failureWords[refund.failure_reason] ?? refund.failure_reason) : 'Stripe gave no reason';
      return { state: 'failed', reason: `Stripe reports refund ${refund.id} as ${refund.status}: ${reason}. Nothing was paid back.` };
    }
    default:
      return { state: 'pending', why: `Stripe reports refund ${refund.id} as ${refund.status ?? 'unknown'}.` };
  }
}

async function send(deps: PaymentDeps, stripe: Stripe, { attempt, refund }: RefundInput): Promise<RefundOutcome> {
  let answer: Stripe.Refund;
  try {
    answer = await stripe.refunds.create(
      { payment_intent: attempt.providerTransactionId!, amount: refund.amount, reason: 'requested_by_customer', metadata: { refundId: refund.id, attemptId: attempt.id } },
      { idempotencyKey: refundIdempotencyKey(refund.id) },
    );
  } catch (error) {
    const failure = providerErrorOf(error);
    if (failure.outcome === 'unknown') return { state: 'pending', why: `Stripe did not answer the refund (${failure.message}); its record decides.` };
    return { state: 'failed', reason: `Stripe refused the refund: ${failure.userMessage}` };
  }
  await deps.db.update(refunds).set({ providerTransactionId: answer.id }).where(eq(refunds.id, refund.id));
  return refundOutcomeOf(answer);
}

export async function refundAtStripe(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  return send(deps, await stripeFor(deps, input.connection), input);
}

/** A pending refund: read it from Stripe; one whose create answer was lost is sent again under its key. */
export async function checkRefundAtStripe(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  const stripe = await stripeFor(deps, input.connection);
  if (!input.refund.providerTransactionId) return send(deps, stripe, input);
  try {
    const record = await stripe.refunds.retrieve(input.refund.providerTransactionId);
    return refundOutcomeOf(record);
  } catch (error) {
    return { state: 'pending', why: `Stripe could not be asked about the refund (${providerErrorOf(error).message}).` };
  }
}
