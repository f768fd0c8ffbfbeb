// Stripe behind the payment adapter interface: a Checkout Session per attempt (start.ts),
// Stripe's record as the only truth (settle.ts), refunds with idempotency keys (refund.ts),
// verify (verify.ts), the webhooks (webhook-routes.ts) and the key guard (key-guard.ts).
import { and, eq } from 'drizzle-orm';
import { paymentAttempts } from '../../db/schema.js';
import type { PaymentAdapter } from '../types.js';
import { stripeCredentialFields, stripeHosts } from './credentials.js';
import { keyProblems } from './key-guard.js';
import { reconcileStripePayouts } from './payouts.js';
import { checkRefundAtStripe, refundAtStripe } from './refund.js';
import { settleStripeAttempt } from './settle.js';
import { recoverSession, startStripe } from './start.js';
import { verifyStripe } from './verify.js';
import { stripeWebhookRoutes } from './webhook-routes.js';

const reopenMarginMs = 5 * 60_000;

/** TWINT on Stripe: CHF only (spec §9); its 5,000.00 limit is checked at start. */
const methodCurrencyLimits = { TWINT: ['CHF'] } as const;

export const stripeAdapter: PaymentAdapter = {
  hosts: stripeHosts,
  credentialFields: stripeCredentialFields,
  choices: { CARD: ['VISA', 'MASTERCARD'], TWINT: ['TWINT'] },
  methodCurrencyLimits,
  credentialProblems: (environment, credentials) => keyProblems(environment, credentials),

  refusal: async () => null,

  orderId: (invoice) => (invoice.paymentReference ?? invoice.id).slice(0, 200),

  start: startStripe,

  reusable: (attempt, now) => Boolean(attempt.redirectUrl && attempt.expiresAt && attempt.expiresAt.getTime() - now.getTime() > reopenMarginMs),
  reopen: async (_deps, { attempt }) => ({ redirectUrl: attempt.redirectUrl! }),

  async reconcile(deps, { attempt, connection }) {
    if (!attempt.providerToken) {
      // The create's answer never came: the same request under the same key tells.
      const session = await recoverSession(deps, attempt, connection);
      if (!session) {
        await deps.db
          .update(paymentAttempts)
          .set({ state: 'abandoned', failureReason: 'No Checkout Session was created at Stripe.', updatedAt: deps.now() })
          .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, 'initiated')));
        return 'abandoned';
      }
    }
    return (await settleStripeAttempt(deps, attempt.id, 'reconcile')).state;
  },

  refund: refundAtStripe,
  checkRefund: checkRefundAtStripe,

  // Checkout captures at once (capture_method automatic): there is no authorisation to release.
  cancel: async () => true,

  verify: (deps, connection) => verifyStripe(deps, connection, methodCurrencyLimits),
  reconcilePayouts: reconcileStripePayouts,
  payerReturned: (deps, attemptId) => settleStripeAttempt(deps, attemptId, 'return'),
  routes: stripeWebhookRoutes,
};
