// A Saferpay return, notify or reconciliation round: ask Saferpay (Assert, the only truth),
// capture what is authorised (cards and TWINT alike), and book what was captured. Safe to
// run any number of times, concurrently: one caller asks Saferpay and captures, and the
// booking happens once.
import { and, eq } from 'drizzle-orm';
import { connections, paymentAttempts } from '../../db/schema.js';
import { bookCapturedPayment } from '../../payments/book-captured-payment.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { recordProviderEvent } from '../../payments/events.js';
import { loadAttemptWithConnection } from '../../payments/find-attempt.js';
import { saferpayClientFor } from './client-for.js';
import { settleOnce } from '../../payments/settling.js';
import type { SaferpayTransaction } from './schemas.js';
import { ProviderError } from '../types.js';
import { recordPaymentFailed } from '../../webhooks/payment-failed.js';

export type SettleTrigger = 'return' | 'notify' | 'reconcile';
export type AttemptView = typeof paymentAttempts.$inferSelect;
type Connection = typeof connections.$inferSelect;

/** Errors after which the payer must start again; everything else may still succeed. */
const finalFailures = new Set([
  'TRANSACTION_DECLINED',
  'TRANSACTION_ABORTED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  '3DS_AUTHENTICATION_FAILED',
  'PAYMENTMEANS_INVALID',
  'PAYMENTMEANS_NOT_SUPPORTED',
  'BLOCKED_BY_RISK_MANAGEMENT',
  'NO_CONTRACT',
]);

async function record(deps: PaymentDeps, attempt: AttemptView, kind: string, reference: string, payload: unknown) {
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'saferpay', kind, reference, payload }),
  );
}

async function markFailed(deps: PaymentDeps, attempt: AttemptView, error: ProviderError, state: 'failed' | 'abandoned') {
  await deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id)).for('update');
    if (!current || !['initiated', 'authorized'].includes(current.state)) return;
    await tx
      .update(paymentAttempts)
      .set({
        state,
        failureReason: `${error.providerCode}: ${error.userMessage}`,
        failureCode: error.providerCode,
        payerMessage: (error.details.payerMessage as string | null) ?? null,
        updatedAt: deps.now(),
      })
      .where(eq(paymentAttempts.id, attempt.id));
    await recordProviderEvent(tx, {
      tenantId: attempt.tenantId,
      attemptId: attempt.id,
      provider: 'saferpay',
      kind: state,
      reference: attempt.providerToken ?? attempt.id,
      payload: { errorName: error.providerCode, httpStatus: error.httpStatus, ...error.details },
    });
    if (state === 'failed') {
      await recordPaymentFailed(tx, current, { code: error.providerCode, reason: `${error.providerCode}: ${error.userMessage}`, now: deps.now() });
    }
  });
}

/**
 * Settles the attempt once however many callers arrive together: the one that claims it
 * asks Saferpay, captures and books; the others get the attempt as it stands.
 */
export async function settleSaferpayAttempt(deps: PaymentDeps, attemptId: string, trigger: SettleTrigger): Promise<AttemptView> {
  const { attempt, connection } = await loadAttemptWithConnection(deps.db, attemptId);
  if (!['initiated', 'authorized'].includes(attempt.state) || !attempt.providerToken) return attempt;
  await record(deps, attempt, trigger, `${attempt.id}:${trigger}`, { trigger });
  return settleOnce(deps, attemptId, (claimed) => assertAndCapture(deps, claimed, connection, trigger));
}

async function assertAndCapture(deps: PaymentDeps, attempt: AttemptView, connection: Connection, trigger: SettleTrigger) {
  const client = await saferpayClientFor(deps, connection);
  let transaction: SaferpayTransaction;
  try {
    transaction = (await client.assert(attempt.providerToken!)).Transaction;
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (finalFailures.has(error.providerCode)) {
      const expired = error.providerCode === 'TOKEN_EXPIRED';
      await markFailed(deps, attempt, error, expired ? 'abandoned' : 'failed');
    } else if (error.providerCode === 'TRANSACTION_NOT_STARTED' && trigger === 'reconcile' && attempt.expiresAt && attempt.expiresAt < deps.now()) {
      await markFailed(deps, attempt, error, 'abandoned');
    }
    return;
  }
  await record(deps, attempt, `assert:${transaction.Status}`, transaction.Id, transaction);
  if (transaction.Status === 'PENDING') return;
  if (transaction.Status === 'CANCELED') {
    await markFailed(deps, attempt, new ProviderError('saferpay', 'CANCELED', 'The authorisation was cancelled.', 200), 'failed');
    return;
  }

  let captureId = transaction.CaptureId ?? null;
  if (transaction.Status === 'AUTHORIZED') {
    await deps.db
      .update(paymentAttempts)
      .set({ state: 'authorized', providerTransactionId: transaction.Id, updatedAt: deps.now() })
      .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, 'initiated')));
    try {
      const capture = await client.capture(transaction.Id);
      if (capture.Status !== 'CAPTURED') return;
      captureId = capture.CaptureId ?? null;
      await record(deps, attempt, 'capture', captureId ?? transaction.Id, capture);
    } catch (error) {
      // Captured before (a settler whose answer was lost): Saferpay's own record says what was captured.
      if (!(error instanceof ProviderError) || error.providerCode !== 'TRANSACTION_ALREADY_CAPTURED') throw error;
      const inquiry = await client.inquire(transaction.Id);
      if (inquiry.Transaction.Status !== 'CAPTURED') return;
      captureId = inquiry.Transaction.CaptureId ?? null;
    }
  }
  await deps.db.transaction((tx) =>
    bookCapturedPayment(
      tx,
      attempt.id,
      {
        amount: Number(transaction.Amount.Value),
        currency: transaction.Amount.CurrencyCode,
        orderId: transaction.OrderId ?? null,
        transactionId: transaction.Id,
        captureId,
      },
      deps.now(),
    ),
  );
}
