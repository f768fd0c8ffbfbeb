// PostFinance feedback (the payer's redirect and the post-sale request carry the same
// signed parameters) and the DirectLink steps that follow: STATUS 5 → SAS (full capture)
// → 91 → 9 (from a status-change post-sale or a querydirect) → one booking. 2/93 decline,
// 1 is a cancellation by the payer, 52/92 stay open for the reconciliation job.
import { and, eq } from 'drizzle-orm';
import { connections, paymentAttempts } from '../db/schema.js';
import { bookCapturedPayment } from '../payments/book-captured-payment.js';
import type { PaymentDeps } from '../payments/deps.js';
import { recordProviderEvent } from '../payments/events.js';
import { directLinkCredentials, postfinanceAccess } from '../providers/postfinance/credentials.js';
import { type NcResponse, createDirectLinkClient, decimalToMinor, ncErrorAlreadyDone } from '../providers/postfinance/directlink.js';
import { verifyShaOut } from '../providers/postfinance/signature.js';

type Connection = typeof connections.$inferSelect;
type Attempt = typeof paymentAttempts.$inferSelect;

/** Feedback names arrive in mixed case; we read them upper-cased. */
export function upperKeys(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
}

export async function verifiedFeedback(deps: PaymentDeps, connection: Connection, params: Record<string, string>) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const access = await postfinanceAccess(connection, deps.secretBox, deps.publicBaseUrl);
  return verifyShaOut(params, access.secrets.shaOut, access.algorithm, 'utf-8');
}

async function directLink(deps: PaymentDeps, connection: Connection) {
  const access = await postfinanceAccess(connection, deps.secretBox!, deps.publicBaseUrl);
  return createDirectLinkClient(directLinkCredentials(access), deps);
}

async function setState(deps: PaymentDeps, attempt: Attempt, changes: Partial<Attempt>, from: Attempt['state'][] = ['initiated', 'authorized']) {
  const [current] = await deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id));
  if (!current || !from.includes(current.state)) return;
  await deps.db.update(paymentAttempts).set({ ...changes, updatedAt: deps.now() }).where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, current.state)));
}

async function book(deps: PaymentDeps, attempt: Attempt, status: { amount: string | null; currency: string | null; orderId: string | null; payId: string }) {
  const amount = status.amount ? decimalToMinor(status.amount) : null;
  await deps.db.transaction((tx) =>
    bookCapturedPayment(
      tx,
      attempt.id,
      {
        amount: amount ?? -1,
        currency: status.currency ?? '',
        orderId: status.orderId,
        transactionId: status.payId,
        captureId: status.payId,
      },
      deps.now(),
    ),
  );
}

/** Full capture with SAS, then a querydirect for the result; 50001127 means it was done already. */
async function capture(deps: PaymentDeps, connection: Connection, attempt: Attempt, payId: string) {
  const client = await directLink(deps, connection);
  let answer: NcResponse = await client.maintain({ payId, operation: 'SAS', amount: attempt.amount });
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'postfinance', kind: 'maintenance:SAS', reference: `${payId}:${answer.payIdSub ?? ''}:${answer.ncError}`, payload: answer.raw }),
  );
  if (answer.ncError && answer.ncError !== '0' && answer.ncError !== ncErrorAlreadyDone) return;
  answer = await client.query({ payId });
  if (answer.status === 9) await book(deps, attempt, { amount: answer.amount, currency: answer.currency, orderId: answer.orderId, payId });
}

export async function settlePostFinanceFeedback(deps: PaymentDeps, connection: Connection, attempt: Attempt, params: Record<string, string>) {
  const upper = upperKeys(params);
  const status = Number(upper.STATUS);
  const payId = upper.PAYID ?? '';
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'postfinance', kind: `feedback:${status}`, reference: `${payId || attempt.id}:${status}`, payload: params }),
  );
  if (status === 5) {
    await setState(deps, attempt, { state: 'authorized', providerTransactionId: payId }, ['initiated']);
    await capture(deps, connection, attempt, payId);
  } else if (status === 9) {
    await book(deps, attempt, { amount: upper.AMOUNT ?? null, currency: upper.CURRENCY ?? null, orderId: upper.ORDERID ?? null, payId });
  } else if (status === 2 || status === 93) {
    await setState(deps, attempt, { state: 'failed', failureReason: `SwissBilling declined (STATUS ${status}, NCERROR ${upper.NCERROR ?? ''})` });
  } else if (status === 1) {
    await setState(deps, attempt, { state: 'failed', failureReason: 'The payer cancelled at SwissBilling (STATUS 1)' });
  }
  // 52/92 (uncertain) and 91 (capture processing) change nothing here: a querydirect resolves them.
  const [current] = await deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attempt.id));
  return current!;
}

/** For the reconciliation job: ask querydirect about an attempt left open. */
export async function queryPostFinanceAttempt(deps: PaymentDeps, connection: Connection, attempt: Attempt) {
  const client = await directLink(deps, connection);
  const answer = attempt.providerTransactionId ? await client.query({ payId: attempt.providerTransactionId }) : await client.query({ orderId: attempt.orderId });
  const params: Record<string, string> = { ...answer.raw };
  if (answer.status === 5 && answer.payId) {
    await setState(deps, attempt, { state: 'authorized', providerTransactionId: answer.payId }, ['initiated']);
    await capture(deps, connection, attempt, answer.payId);
  } else if (answer.status === 9 && answer.payId) {
    await book(deps, attempt, { amount: answer.amount, currency: answer.currency, orderId: answer.orderId, payId: answer.payId });
  } else if (answer.status === 2 || answer.status === 93 || answer.status === 1) {
    await setState(deps, attempt, { state: 'failed', failureReason: `querydirect STATUS ${answer.status}` });
  }
  await deps.db.transaction((tx) =>
    recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'postfinance', kind: 'querydirect', reference: `${attempt.id}:${answer.status}`, payload: params }),
  );
}
