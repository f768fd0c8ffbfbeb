// Saferpay behind the payment adapter interface: the payment page (Initialize, then a
// redirect), Assert for reconciliation, refunds (refund.ts), Cancel, and the terminal look-up
// that verifies a connection.
import { and, eq } from 'drizzle-orm';
import { paymentAttempts } from '../../db/schema.js';
import { fill } from '../../i18n.js';
import { recordProviderEvent } from '../../payments/events.js';
import { saferpayClientFor } from './client-for.js';
import { payerReturnPaths } from '../../pay/return-paths.js';
import { pageTexts } from '../../pay/texts.js';
import { settleSaferpayAttempt } from './settle-attempt.js';
import { type PaymentAdapter, ProviderError, type VerifyAnswer } from '../types.js';
import { saferpayCallbackRoutes } from './callback-routes.js';
import { saferpayCredentialFields, saferpayHosts } from './credentials.js';
import { checkRefundAtSaferpay, refundAtSaferpay } from './refund.js';

const reopenMarginMs = 5 * 60_000;

export const saferpayAdapter: PaymentAdapter = {
  hosts: saferpayHosts,
  credentialFields: saferpayCredentialFields,
  // Card brands share one button: Saferpay's page lets the payer enter either card.
  choices: { CARD: ['VISA', 'MASTERCARD'], TWINT: ['TWINT'] },
  // TWINT is a Swiss wallet: Saferpay's terminals offer it in CHF only (shared/specs/saferpay.md §8).
  methodCurrencyLimits: { TWINT: ['CHF'] },

  refusal: async () => null,

  orderId: (invoice) => invoice.paymentReference ?? invoice.id,

  async start(deps, { attempt, connection, invoice, tenant, language, methods }) {
    const callback = `${deps.publicBaseUrl}/callbacks/saferpay/${attempt.secret}`;
    const client = await saferpayClientFor(deps, connection);
    const page = await client.initialize({
      amount: attempt.amount,
      currency: attempt.currency,
      orderId: attempt.orderId,
      description: fill(pageTexts(language).htmlTitle, { number: invoice.number ?? '', creditor: tenant.name }),
      // Only the brands whose contract covers the currency, as Saferpay's own plugins filter them.
      paymentMethods: [...methods],
      language,
      returnUrl: `${deps.publicBaseUrl}${payerReturnPaths.current}/${attempt.secret}`,
      successNotifyUrl: callback,
      failNotifyUrl: callback,
    });
    await deps.db.transaction(async (tx) => {
      await tx
        .update(paymentAttempts)
        .set({ providerToken: page.Token, redirectUrl: page.RedirectUrl, expiresAt: new Date(page.Expiration), updatedAt: deps.now() })
        .where(eq(paymentAttempts.id, attempt.id));
      await recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'saferpay', kind: 'initialize', reference: page.Token, payload: page });
    });
    return { redirectUrl: page.RedirectUrl };
  },

  // The page stays usable until its token expires; a payer sent there needs some minutes to pay.
  reusable: (attempt, now) => Boolean(attempt.redirectUrl && attempt.expiresAt && attempt.expiresAt.getTime() - now.getTime() > reopenMarginMs),

  reopen: async (_deps, { attempt }) => ({ redirectUrl: attempt.redirectUrl! }),

  async reconcile(deps, { attempt }) {
    if (attempt.providerToken) return (await settleSaferpayAttempt(deps, attempt.id, 'reconcile')).state;
    // No token: Initialize never answered (the process stopped in between); nobody can pay it.
    await deps.db
      .update(paymentAttempts)
      .set({ state: 'abandoned', failureReason: 'The payment page was never opened at Saferpay.', updatedAt: deps.now() })
      .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, 'initiated')));
    return 'abandoned';
  },

  refund: refundAtSaferpay,
  checkRefund: checkRefundAtSaferpay,

  async cancel(deps, { attempt, connection }) {
    await (await saferpayClientFor(deps, connection)).cancel(attempt.providerTransactionId!);
    return true;
  },

  payerReturned: async (deps, attemptId) => settleSaferpayAttempt(deps, attemptId, 'return'),
  routes: saferpayCallbackRoutes,

  async verify(deps, connection): Promise<VerifyAnswer> {
    try {
      const terminal = await (await saferpayClientFor(deps, connection)).terminal();
      // The contract is per method: TWINT may lack a currency the cards have.
      const offered = new Map((terminal.PaymentMethods ?? []).map((m) => [m.PaymentMethod, m.Currencies ?? []]));
      const methodCurrencies = Object.fromEntries(
        connection.methods.map((method) => [method, connection.currencies.filter((c) => offered.get(method)?.includes(c))]),
      );
      return { result: 'ok', message: 'Saferpay accepts the credentials and the terminal belongs to the customer.', methodCurrencies };
    } catch (error) {
      if (!(error instanceof ProviderError)) throw error;
      if (error.providerCode === 'AUTHENTICATION_FAILED' || error.httpStatus === 401) {
        return { result: 'credentials_wrong', message: 'Saferpay refused the JSON API username or password (401).' };
      }
      if (error.providerCode === 'PERMISSION_DENIED' || error.httpStatus === 403) {
        return { result: 'terminal_not_customers', message: 'The terminal does not belong to this customer id (403, PERMISSION_DENIED).' };
      }
      if (error.providerCode === 'COMMUNICATION_FAILED') {
        return { result: 'unreachable', message: 'Saferpay could not be reached from this server.' };
      }
      if (error.providerCode === 'UNEXPECTED_RESPONSE') {
        return { result: 'error', message: `${error.userMessage} The credentials could not be checked; nothing was changed.` };
      }
      return { result: 'error', message: `Saferpay answered ${error.providerCode}: ${error.userMessage}` };
    }
  },
};
