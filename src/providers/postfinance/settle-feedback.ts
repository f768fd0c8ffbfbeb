// What PostFinance's own record says about an order, and what follows. Signed feedback (the
// payer's redirect and the post-sale request carry the same parameters) only starts a check:
// whoever holds the SHA-OUT passphrase can sign anything, so nothing is booked or moved on
// the feedback's word; querydirect is asked and its answer decides (ARCHITECTURE: the
// provider's record is the only truth):
// STATUS 5 → SAS (full capture) → 9 → one booking; 91 capture processing; 2/93 declined;
// 1 cancelled by the payer; 8 refund done, 83 refund refused; 6 authorisation deleted;
// 52/92 uncertain, left open for the reconciliation job's querydirect.
import { and, eq, inArray } from 'drizzle-orm';
import { connections, paymentAttempts, refunds } from '../../db/schema.js';
import { bookCapturedPayment } from '../../payments/book-captured-payment.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { recordProviderEvent } from '../../payments/events.js';
import { directLinkFor, maintainAndQuery } from './maintenance.js';
import { applyRefundOutcome } from '../../payments/refund-outcome.js';
import { settleOnce } from '../../payments/settling.js';
import { refundFromStatus } from './refund.js';
import { postfinanceAccess } from './credentials.js';
import { type NcResponse, decimalToMinor } from './directlink.js';
import { verifyShaOut } from './signature.js';
import { ProviderError } from '../types.js';
import { recordPaymentFailed } from '../../webhooks/payment-failed.js';

type Connection = typeof connections.$inferSelect;
type Attempt = typeof paymentAttempts.$inferSelect;

/** Feedback names arrive in mixed case; we read them upper-cased. */
export function upperKeys(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
}

export async function verifiedFeedback(deps: PaymentDeps, connection: Connection, params: Record<string, string>) {
  // A payment service without credentials has no SHA-OUT passphrase: nothing it receives is signed.
  if (!connection.sealedSecrets) return false;
  if (!deps.secretBox) throw new Error('no secret box configured');
  const access = await postfinanceAccess(connection, deps.secretBox);
  return verifyShaOut(params, access.secrets.shaOut, access.settings.hashAlgorithm, 'utf-8');
}

const open: Attempt['state'][] = ['initiated', 'authorized'];

async function currentAttempt(deps: PaymentDeps, attemptId: string) {
  const [attempt] = await deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  if (!attempt) throw new Error(`attempt ${attemptId} vanished`);
  return attempt;
}

/**
 * Moves the attempt only from the states given, so a late report never undoes a later one;
 * answers whether this call moved it (of concurrent callers, exactly one does).
 */
async function moveAttempt(deps: PaymentDeps, attempt: Attempt, changes: Partial<Attempt>, from: Attempt['state'][]) {
  return deps.db.transaction(async (tx) => {
    const moved = await tx
      .update(paymentAttempts)
      .set({ ...changes, updatedAt: deps.now() })
      .where(and(eq(paymentAttempts.id, attempt.id), inArray(paymentAttempts.state, from)))
      .returning({ id: paymentAttempts.id });
    if (moved.length > 0 && changes.state === 'failed') {
      await recordPaymentFailed(tx, attempt, { code: changes.failureCode ?? null, reason: changes.failureReason ?? 'The payment failed.', now: deps.now() });
    }
    return moved.length > 0;
  });
}

async function book(deps: PaymentDeps, attempt: Attempt, report: NcResponse) {
  const amount = report.amount ? decimalToMinor(report.amount) : null;
  if (amount === null) {
    // Without a readable amount nothing is booked; the next querydirect brings it.
    deps.logger.warn('postfinance status 9 without a readable amount', { attemptId: attempt.id, amount: report.amount });
    return;
  }
  await deps.db.transaction((tx) =>
    bookCapturedPayment(
      tx,
      attempt.id,
      { amount, currency: report.currency ?? '', orderId: report.orderId, transactionId: report.payId ?? '', captureId: report.payId },
      deps.now(),
    ),
  );
}

async function capture(deps: PaymentDeps, connection: Connection, attempt: Attempt, payId: string) {
  try {
    const { maintenance, status } = await maintainAndQuery(deps, connection, { payId, operation: 'SAS', amount: attempt.amount });
    await deps.db.transaction((tx) =>
      recordProviderEvent(tx, {
        tenantId: attempt.tenantId,
        attemptId: attempt.id,
        provider: 'postfinance',
        kind: 'maintenance:SAS',
        reference: `${payId}:${maintenance.payIdSub ?? ''}:${maintenance.ncError}`,
        payload: { maintenance: maintenance.raw, status: status.raw },
      }),
    );
    // The order id goes into the booking: money reported for another order lands in suspense.
    if (status.status === 9) await book(deps, attempt, status);
  } catch (error) {
    // The attempt stays authorised; the reconciliation job tries the capture again.
    if (!(error instanceof ProviderError)) throw error;
    deps.logger.warn('postfinance capture failed', { attemptId: attempt.id, code: error.providerCode, message: error.userMessage });
  }
}

/** Pending refunds of the attempt, as the order's status tells them (8 done, 83 refused, 81 still pending). */
async function settlePendingRefunds(deps: PaymentDeps, connection: Connection, attempt: Attempt, answer: NcResponse) {
  const pending = await deps.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.attemptId, attempt.id), eq(refunds.state, 'pending')));
  for (const refund of pending) {
    const outcome = refundFromStatus(answer, { attempt, connection, refund }, deps.now());
    await applyRefundOutcome(deps, { refundId: refund.id, outcome, userId: null });
  }
}

/** Acts on where querydirect says the order stands; runs under the attempt's settling claim while it is open. */
async function applyStatus(deps: PaymentDeps, connection: Connection, attemptId: string, report: NcResponse) {
  const attempt = await currentAttempt(deps, attemptId);
  const { status, payId } = report;
  if (status === 5 && payId) {
    // One capture per authorisation: only the caller holding the attempt's settling claim gets here.
    const moved = await moveAttempt(deps, attempt, { state: 'authorized', providerTransactionId: payId }, ['initiated']);
    if (moved || attempt.state === 'authorized') await capture(deps, connection, attempt, payId);
  } else if (status === 91 && payId) {
    await moveAttempt(deps, attempt, { state: 'authorized', providerTransactionId: payId }, ['initiated']);
  } else if (status === 9 && payId) {
    await book(deps, attempt, report);
  } else if (status === 2 || status === 93) {
    const failureReason = `SwissBilling declined (STATUS ${status}, NCERROR ${report.ncError || '–'}).`;
    await moveAttempt(deps, attempt, { state: 'failed', failureReason, failureCode: `STATUS_${status}` }, open);
  } else if (status === 1) {
    await moveAttempt(deps, attempt, { state: 'abandoned', failureReason: 'The payer cancelled at SwissBilling (STATUS 1).' }, open);
  } else if (status === 8 || status === 83 || status === 94) {
    await settlePendingRefunds(deps, connection, attempt, report);
  } else if (status === 6) {
    await moveAttempt(deps, attempt, { state: 'cancelled' }, ['authorized']);
  }
}


/**
 * Signed feedback (already verified by the caller): recorded, then querydirect decides. A
 * feedback status that querydirect does not confirm changes nothing but a warning in the log.
 */
export async function settlePostFinanceFeedback(deps: PaymentDeps, connection: Connection, attempt: Attempt, params: Record<string, string>) {
  const upper = upperKeys(params);
  const status = /^\d+$/.test(upper.STATUS ?? '') ? Number(upper.STATUS) : null;
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, {
      tenantId: attempt.tenantId,
      attemptId: attempt.id,
      provider: 'postfinance',
      kind: `feedback:${status}`,
      reference: `${upper.PAYID || attempt.id}:${status}`,
      payload: params,
    }),
  );
  return queryPostFinanceAttempt(deps, connection, attempt, status);
}

/** An order the platform does not know after this long was never submitted by the payer. */
export const abandonUnknownOrderAfterMs = 2 * 60 * 60_000;

/**
 * Asks querydirect where the attempt's order stands and acts on the answer: for the
 * reconciliation job, and for every signed feedback (`claimed`: the status it claimed). The
 * order is looked up by what we stored (the PAYID once known, else our own ORDERID), never
 * by a PAYID a message brought. While the attempt is open one caller at a time does this.
 */
export async function queryPostFinanceAttempt(deps: PaymentDeps, connection: Connection, attempt: Attempt, claimed: number | null = null) {
  if (!open.includes(attempt.state)) {
    await queryAndApply(deps, connection, attempt, claimed);
    return currentAttempt(deps, attempt.id);
  }
  return settleOnce(deps, attempt.id, (settling) => queryAndApply(deps, connection, settling, claimed));
}

async function queryAndApply(deps: PaymentDeps, connection: Connection, attempt: Attempt, claimed: number | null) {
  const client = await directLinkFor(deps, connection);
  const answer = attempt.providerTransactionId ? await client.query({ payId: attempt.providerTransactionId }) : await client.query({ orderId: attempt.orderId });
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'postfinance', kind: 'querydirect', reference: `${attempt.id}:${answer.status}:${deps.now().toISOString()}`, payload: answer.raw }),
  );
  if (claimed !== null && claimed !== answer.status) {
    deps.logger.warn('postfinance feedback not confirmed by querydirect', { attemptId: attempt.id, feedbackStatus: claimed, queryStatus: answer.status, ncError: answer.ncError });
  }
  if (answer.orderId && answer.orderId !== attempt.orderId) {
    // A PAYID that names another order is not news about this attempt: nothing is acted on.
    deps.logger.warn('querydirect answered for another order', { attemptId: attempt.id, orderId: answer.orderId });
    return;
  }
  const unknownOrder = !answer.payId && answer.ncError !== '' && answer.ncError !== '0';
  if (unknownOrder && attempt.state === 'initiated' && deps.now().getTime() - attempt.createdAt.getTime() > abandonUnknownOrderAfterMs) {
    await moveAttempt(deps, attempt, { state: 'abandoned', failureReason: `The payer never reached SwissBilling (querydirect NCERROR ${answer.ncError}).` }, ['initiated']);
    return;
  }
  await applyStatus(deps, connection, attempt.id, answer);
}
