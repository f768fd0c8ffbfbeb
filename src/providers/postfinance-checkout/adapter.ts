// PostFinance Checkout behind the payment adapter interface: a transaction per attempt and
// the platform's payment page (start.ts), its record as the only truth (settle.ts), refunds
// with an external id (refund.ts), void, verify (verify.ts) and the webhooks (webhook-routes.ts).
import { and, eq } from 'drizzle-orm';
import { paymentAttempts } from '../../db/schema.js';
import type { PaymentAdapter } from '../types.js';
import { checkoutClientFor } from './client-for.js';
import { checkoutCredentialFields, checkoutHosts } from './credentials.js';
import { checkRefundAtCheckout, refundAtCheckout } from './refund.js';
import { settleCheckoutAttempt } from './settle.js';
import { findCreated, startCheckout } from './start.js';
import { verifyCheckout } from './verify.js';
import { checkoutWebhookRoutes } from './webhook-routes.js';

const reopenMarginMs = 5 * 60_000;

/**
 * Which currencies each method can take is UNCONFIRMED on this platform (spec §11). The safe
 * reading: TWINT and the PostFinance methods, Swiss by nature, in CHF only until a space is
 * known to take more; the cards in whatever the connection enables.
 */
const methodCurrencyLimits = { TWINT: ['CHF'], POSTFINANCE_CARD: ['CHF'], POSTFINANCE_EFINANCE: ['CHF'] } as const;

export const postfinanceCheckoutAdapter: PaymentAdapter = {
  hosts: checkoutHosts,
  credentialFields: checkoutCredentialFields,
  choices: { POSTFINANCE: ['POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE'], CARD: ['VISA', 'MASTERCARD'], TWINT: ['TWINT'] },
  methodCurrencyLimits,

  refusal: async () => null,

  // The payment reference (spec §4.1: searchable, ≤ 100); our attempt id goes in metaData.
  orderId: (invoice) => (invoice.paymentReference ?? invoice.id).slice(0, 100),

  start: startCheckout,

  reusable: (attempt, now) => Boolean(attempt.redirectUrl && attempt.expiresAt && attempt.expiresAt.getTime() - now.getTime() > reopenMarginMs),
  reopen: async (_deps, { attempt }) => ({ redirectUrl: attempt.redirectUrl! }),

  async reconcile(deps, { attempt, connection }) {
    if (!attempt.providerToken) {
      // The create's answer never came (the process stopped in between): the platform may still have made it.
      const found = await findCreated(await checkoutClientFor(deps, connection), attempt);
      if (!found) {
        await deps.db
          .update(paymentAttempts)
          .set({ state: 'abandoned', failureReason: 'No transaction was created at PostFinance Checkout.', updatedAt: deps.now() })
          .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, 'initiated')));
        return 'abandoned';
      }
      await deps.db.update(paymentAttempts).set({ providerToken: found.id }).where(eq(paymentAttempts.id, attempt.id));
    }
    return (await settleCheckoutAttempt(deps, attempt.id, 'reconcile')).state;
  },

  refund: refundAtCheckout,
  checkRefund: checkRefundAtCheckout,

  async cancel(deps, { attempt, connection }) {
    const client = await checkoutClientFor(deps, connection);
    await client.voidOnline(attempt.providerTransactionId!);
    // The void's own answer is not the record: the transaction's state is.
    return (await client.readTransaction(attempt.providerTransactionId!)).state === 'VOIDED';
  },

  verify: (deps, connection) => verifyCheckout(deps, connection, methodCurrencyLimits),
  payerReturned: (deps, attemptId) => settleCheckoutAttempt(deps, attemptId, 'return'),
  routes: checkoutWebhookRoutes,
};
