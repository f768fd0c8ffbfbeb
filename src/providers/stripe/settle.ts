// Where a Stripe payment stands is read from Stripe, never from a webhook body or the
// payer's return (spec §4): the session with its PaymentIntent, latest charge and balance
// transaction. Webhooks, the return and the job all come here; one caller at a time reads
// and acts (payments/settling.ts), so twenty webhooks at once book once. Booked only when
// the session is complete and paid and the PaymentIntent succeeded, in the connection's
// mode, for this attempt; the amount and currency are checked by the booking itself.
import { and, eq, inArray } from 'drizzle-orm';
import type Stripe from 'stripe';
import { connections, paymentAttempts } from '../../db/schema.js';
import { bookCapturedPayment } from '../../payments/book-captured-payment.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { recordProviderEvent } from '../../payments/events.js';
import { loadAttemptWithConnection } from '../../payments/find-attempt.js';
import { flagInvoice } from '../../payments/flag.js';
import { settleOnce } from '../../payments/settling.js';
import { livemodeFits, providerErrorOf, stripeFor } from './client-for.js';
import { balanceOfCharge, bookStripeFee } from './fees.js';

type Attempt = typeof paymentAttempts.$inferSelect;
type Connection = typeof connections.$inferSelect;
export type StripeTrigger = 'return' | 'notify' | 'reconcile';
const provider = 'stripe';
export const sessionExpand = ['payment_intent.latest_charge.balance_transaction'];

async function record(deps: PaymentDeps, attempt: Attempt, kind: string, reference: string, payload: unknown) {
  await deps.db.transaction((tx) => recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider, kind, reference, payload }));
}

/** Ends an open attempt (never one already captured); with `flag`, the invoice goes to a bookkeeper too. */
async function endAttempt(deps: PaymentDeps, attempt: Attempt, end: { state: 'failed' | 'abandoned' | 'cancelled'; code: string; reason: string; payerMessage?: string | null; flag?: string }) {
  await deps.db.transaction(async (tx) => {
    const [ended] = await tx
      .update(paymentAttempts)
      .set({ state: end.state, failureCode: end.code, failureReason: end.reason, payerMessage: end.payerMessage ?? null, updatedAt: deps.now() })
      .where(and(eq(paymentAttempts.id, attempt.id), inArray(paymentAttempts.state, ['initiated', 'authorized'])))
      .returning();
    if (!ended) return;
    if (end.flag) await flagInvoice(tx, attempt.invoiceId, end.flag, deps.now());
    await recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider, kind: end.state, reference: attempt.providerToken ?? attempt.id, payload: end });
  });
}

/** Settles the attempt from Stripe's record; answers the attempt as it then stands. */
export async function settleStripeAttempt(deps: PaymentDeps, attemptId: string, trigger: StripeTrigger): Promise<Attempt> {
  const { attempt, connection } = await loadAttemptWithConnection(deps.db, attemptId);
  if (!['initiated', 'authorized'].includes(attempt.state) || !attempt.providerToken) return attempt;
  await record(deps, attempt, trigger, `${attempt.id}:${trigger}`, { trigger });
  return settleOnce(deps, attemptId, (claimed) => readAndApply(deps, claimed, connection, trigger));
}

const intentOf = (session: Stripe.Checkout.Session) => (session.payment_intent && typeof session.payment_intent !== 'string' ? session.payment_intent : null);
const chargeOf = (intent: Stripe.PaymentIntent | null) => (intent?.latest_charge && typeof intent.latest_charge !== 'string' ? intent.latest_charge : null);

async function readAndApply(deps: PaymentDeps, attempt: Attempt, connection: Connection, trigger: StripeTrigger) {
  const stripe = await stripeFor(deps, connection);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.retrieve(attempt.providerToken!, { expand: sessionExpand });
  } catch (error) {
    // Not readable now: the attempt stays open for the next webhook or the job.
    const failure = providerErrorOf(error);
    deps.logger.warn('stripe session not readable', { attemptId: attempt.id, code: failure.providerCode, trigger });
    return;
  }
  const intent = intentOf(session);
  await record(deps, attempt, `read:${session.status}:${session.payment_status}:${intent?.status ?? '-'}`, `${session.id}:${session.status}:${session.payment_status}:${intent?.status ?? '-'}`, session);
  if (!livemodeFits(connection, session) || (intent && !livemodeFits(connection, intent)) || session.client_reference_id !== attempt.id) {
    const reason = `Stripe session ${session.id} (livemode ${session.livemode}, for ${session.client_reference_id ?? '–'}) is not this ${connection.environment} payment service's attempt; nothing was booked.`;
    await endAttempt(deps, attempt, { state: 'failed', code: 'LIVEMODE_MISMATCH', reason, flag: reason });
    return;
  }
  if (session.status === 'complete' && session.payment_status === 'paid' && intent?.status === 'succeeded') return book(deps, attempt, session, intent);
  if (session.status === 'expired') {
    await endAttempt(deps, attempt, { state: 'abandoned', code: 'EXPIRED', reason: `Stripe session ${session.id} expired without a payment.` });
    return;
  }
  if (session.status === 'complete' && intent && ['requires_payment_method', 'canceled'].includes(intent.status)) {
    // An async method (checkout.session.async_payment_failed) failed after the payer left.
    const words = intent.last_payment_error?.message ?? 'The payment was not completed.';
    await endAttempt(deps, attempt, { state: 'failed', code: 'ASYNC_PAYMENT_FAILED', reason: words, payerMessage: words });
    return;
  }
  // Stripe sends the payer to the success URL only once the session is complete: back with an
  // open one, the payer came through the cancel URL.
  if (session.status === 'open' && trigger === 'return') await expireOpenSession(deps, stripe, attempt, session);
}

/**
 * The payer came back through the cancel URL: the session is expired at Stripe, so it cannot
 * be paid behind our back, and then ended as Stripe's record says (a decline shown on the
 * page is the payer's reason). Should it have been paid meanwhile, the expiry is refused
 * and the next read books it.
 */
async function expireOpenSession(deps: PaymentDeps, stripe: Stripe, attempt: Attempt, session: Stripe.Checkout.Session) {
  try {
    const expired = await stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: `expire:${attempt.id}` });
    if (expired.status !== 'expired') return;
  } catch (error) {
    deps.logger.warn('stripe session not expired', { attemptId: attempt.id, error: String(providerErrorOf(error).message) });
    return;
  }
  const declined = intentOf(session)?.last_payment_error?.message;
  if (declined) await endAttempt(deps, attempt, { state: 'failed', code: 'DECLINED', reason: declined, payerMessage: declined });
  else await endAttempt(deps, attempt, { state: 'cancelled', code: 'CANCELLED', reason: 'The payer left the Stripe page without paying.' });
}

async function book(deps: PaymentDeps, attempt: Attempt, session: Stripe.Checkout.Session, intent: Stripe.PaymentIntent) {
  const charge = chargeOf(intent);
  const amount = intent.amount_received;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    await deps.db.transaction((tx) => flagInvoice(tx, attempt.invoiceId, `Stripe payment ${intent.id} succeeded with an unreadable amount; not booked.`, deps.now()));
    return;
  }
  await deps.db.transaction((tx) =>
    bookCapturedPayment(
      tx,
      attempt.id,
      {
        amount,
        currency: intent.currency.toUpperCase(),
        orderId: session.metadata?.paymentReference ?? null,
        transactionId: intent.id,
        captureId: charge?.id ?? null,
      },
      deps.now(),
    ),
  );
  const balance = balanceOfCharge(charge);
  // Null right after paying, now and then: the payout that settles the charge books it then.
  if (balance) await bookStripeFee(deps, attempt.id, balance);
}

