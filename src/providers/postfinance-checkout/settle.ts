// Where a PostFinance Checkout payment stands is read from the platform's transaction, never
// from a webhook body or the payer's return (spec §5, §6, §9.4). A webhook, the return and the
// reconciliation job all come here; one caller at a time reads and acts (payments/settling.ts),
// so twenty webhooks at once book once. Every step moves forward only: a captured or failed
// attempt is left as it is whatever an older state read later says.
import { and, eq, inArray } from 'drizzle-orm';
import { connections, paymentAttempts } from '../../db/schema.js';
import { bookCapturedPayment } from '../../payments/book-captured-payment.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { recordProviderEvent } from '../../payments/events.js';
import { loadAttemptWithConnection } from '../../payments/find-attempt.js';
import { flagInvoice } from '../../payments/flag.js';
import { settleOnce } from '../../payments/settling.js';
import { ProviderError } from '../types.js';
import { checkoutClientFor } from './client-for.js';
import { minorOf } from './money.js';
import type { CheckoutTransaction } from './schemas.js';
import { recordPaymentFailed } from '../../webhooks/payment-failed.js';

type Attempt = typeof paymentAttempts.$inferSelect;
type Connection = typeof connections.$inferSelect;
export type CheckoutTrigger = 'return' | 'notify' | 'reconcile';
const provider = 'postfinance-checkout';

async function record(deps: PaymentDeps, attempt: Attempt, kind: string, reference: string, payload: unknown) {
  await deps.db.transaction((tx) => recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider, kind, reference, payload }));
}

/** Ends an open attempt (never one already captured); with `flag`, the invoice goes to a bookkeeper too. */
async function endAttempt(
  deps: PaymentDeps,
  attempt: Attempt,
  end: { state: 'failed' | 'abandoned' | 'cancelled'; code: string; reason: string; payerMessage?: string | null; flag?: string },
) {
  await deps.db.transaction(async (tx) => {
    const [ended] = await tx
      .update(paymentAttempts)
      .set({ state: end.state, failureCode: end.code, failureReason: end.reason, payerMessage: end.payerMessage ?? null, updatedAt: deps.now() })
      .where(and(eq(paymentAttempts.id, attempt.id), inArray(paymentAttempts.state, ['initiated', 'authorized'])))
      .returning();
    if (!ended) return;
    if (end.flag) await flagInvoice(tx, attempt.invoiceId, end.flag, deps.now());
    if (end.state === 'failed') await recordPaymentFailed(tx, ended, { code: end.code, reason: end.reason, now: deps.now() });
    await recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider, kind: end.state, reference: attempt.providerToken ?? attempt.id, payload: end });
  });
}

/** Settles the attempt from the platform's record; answers the attempt as it then stands. */
export async function settleCheckoutAttempt(deps: PaymentDeps, attemptId: string, trigger: CheckoutTrigger): Promise<Attempt> {
  const { attempt, connection } = await loadAttemptWithConnection(deps.db, attemptId);
  if (!['initiated', 'authorized'].includes(attempt.state) || !attempt.providerToken) return attempt;
  await record(deps, attempt, trigger, `${attempt.id}:${trigger}`, { trigger });
  return settleOnce(deps, attemptId, (claimed) => readAndApply(deps, claimed, connection, trigger));
}

/** Spec §10: a live connection takes PRODUCTION transactions only, a test or sandbox one TEST only. */
export const expectedEnvironment = (connection: Pick<Connection, 'environment'>) => (connection.environment === 'live' ? 'PRODUCTION' : 'TEST');

const failureWords = (transaction: CheckoutTransaction) => {
  const description = transaction.failureReason?.description;
  const text = typeof description === 'string' ? description : description && typeof description === 'object' ? Object.values(description)[0] : null;
  return typeof text === 'string' ? text : 'The payment was not authorised.';
};

async function readAndApply(deps: PaymentDeps, attempt: Attempt, connection: Connection, trigger: CheckoutTrigger) {
  const client = await checkoutClientFor(deps, connection);
  let transaction: CheckoutTransaction;
  try {
    transaction = await client.readTransaction(attempt.providerToken!);
  } catch (error) {
    // Not readable now: the attempt stays open for the next webhook or the job.
    if (error instanceof ProviderError) deps.logger.warn('postfinance checkout transaction not readable', { attemptId: attempt.id, code: error.providerCode, trigger });
    else throw error;
    return;
  }
  await record(deps, attempt, `read:${transaction.state}`, `${transaction.id}:${transaction.state}`, transaction);
  const environment = transaction.authorizationEnvironment;
  if (environment && environment !== expectedEnvironment(connection) && !['CREATE', 'PENDING', 'CONFIRMED'].includes(transaction.state)) {
    const reason = `Transaction ${transaction.id} ran in the ${environment} environment; this ${connection.environment} payment service takes ${expectedEnvironment(connection)} only. Nothing was booked.`;
    await endAttempt(deps, attempt, { state: 'failed', code: 'ENVIRONMENT_MISMATCH', reason, flag: reason });
    return;
  }
  switch (transaction.state) {
    case 'FULFILL':
      return book(deps, attempt, transaction);
    case 'AUTHORIZED':
    case 'COMPLETED':
      // Money is reserved (or being captured): the payer cannot start over, and FULFILL follows.
      await deps.db
        .update(paymentAttempts)
        .set({ state: 'authorized', providerTransactionId: transaction.id, updatedAt: deps.now() })
        .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, 'initiated')));
      // We create with COMPLETE_IMMEDIATELY; a transaction the space left deferred is completed here.
      if (transaction.state === 'AUTHORIZED' && transaction.completionBehavior === 'COMPLETE_DEFERRED') await client.completeOnline(transaction.id).catch(() => {});
      return;
    case 'DECLINE': {
      const reason = `PostFinance Checkout declined transaction ${transaction.id} after its checks (DECLINE); money may have moved: review it and refund if it did.`;
      await endAttempt(deps, attempt, { state: 'failed', code: 'DECLINE', reason, flag: reason });
      return;
    }
    case 'FAILED':
      await endAttempt(deps, attempt, { state: 'failed', code: 'FAILED', reason: failureWords(transaction), payerMessage: transaction.userFailureMessage ?? failureWords(transaction) });
      return;
    case 'VOIDED':
      await endAttempt(deps, attempt, { state: 'cancelled', code: 'VOIDED', reason: 'The authorisation was voided; nothing was captured.' });
      return;
    default:
      // CREATE, PENDING, CONFIRMED, PROCESSING: nothing decided yet.
      return;
  }
}

async function book(deps: PaymentDeps, attempt: Attempt, transaction: CheckoutTransaction) {
  const amount = minorOf(transaction.completedAmount ?? transaction.authorizationAmount, transaction.currency);
  if (amount === null) {
    // An amount we cannot read is never guessed: the job reads again, a bookkeeper is told.
    await deps.db.transaction((tx) => flagInvoice(tx, attempt.invoiceId, `Transaction ${transaction.id} is FULFILL with an unreadable amount; not booked.`, deps.now()));
    return;
  }
  await deps.db.transaction((tx) =>
    bookCapturedPayment(
      tx,
      attempt.id,
      { amount, currency: transaction.currency, orderId: transaction.merchantReference ?? null, transactionId: transaction.id, captureId: transaction.id },
      deps.now(),
    ),
  );
}
