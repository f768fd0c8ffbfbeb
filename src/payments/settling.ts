// One settler per attempt. Notifies, the payer's return, post-sale requests and the
// reconciliation job all want to ask the provider about the same attempt at the same time;
// each would then capture. Whoever claims the attempt first (an UPDATE that only one caller
// can win) asks the provider, captures and books; the others read what it found. No
// transaction is held while the provider answers: the claim is a lease in the row.
//
// The lease outlasts the longest the settler may take (Assert and Capture, each up to the
// 100 s Saferpay asks clients to wait, with retries). A settler that dies leaves the lease
// to run out; the reconciliation job then settles the attempt. Should a lease ever run out
// under a settler still at work, the provider still captures once: a second Capture is
// answered TRANSACTION_ALREADY_CAPTURED (or 50001127) and confirmed from its record.
import { and, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import { paymentAttempts } from '../db/schema.js';
import type { PaymentDeps } from './deps.js';

type Attempt = typeof paymentAttempts.$inferSelect;

export const settlingLeaseMs = 10 * 60_000;
const openStates: Attempt['state'][] = ['initiated', 'authorized'];

async function currentAttempt(deps: PaymentDeps, attemptId: string): Promise<Attempt> {
  const [attempt] = await deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.id, attemptId));
  if (!attempt) throw new Error(`attempt ${attemptId} vanished`);
  return attempt;
}

/** The attempt, claimed for this caller until the lease ends; null when another caller holds it or it is settled. */
async function claimSettling(deps: PaymentDeps, attemptId: string): Promise<Attempt | null> {
  const now = deps.now();
  const [claimed] = await deps.db
    .update(paymentAttempts)
    .set({ settlingUntil: new Date(now.getTime() + settlingLeaseMs) })
    .where(
      and(
        eq(paymentAttempts.id, attemptId),
        inArray(paymentAttempts.state, openStates),
        or(isNull(paymentAttempts.settlingUntil), lt(paymentAttempts.settlingUntil, now)),
      ),
    )
    .returning();
  return claimed ?? null;
}

async function releaseSettling(deps: PaymentDeps, claimed: Attempt) {
  await deps.db
    .update(paymentAttempts)
    .set({ settlingUntil: null })
    .where(and(eq(paymentAttempts.id, claimed.id), eq(paymentAttempts.settlingUntil, claimed.settlingUntil!)));
}

/**
 * Runs `settle` for the caller that wins the attempt; every other caller gets the attempt as
 * it stands (its settler is still at work). Answers the attempt afterwards.
 */
export async function settleOnce(deps: PaymentDeps, attemptId: string, settle: (attempt: Attempt) => Promise<void>): Promise<Attempt> {
  const claimed = await claimSettling(deps, attemptId);
  if (!claimed) return currentAttempt(deps, attemptId);
  try {
    await settle(claimed);
  } finally {
    await releaseSettling(deps, claimed);
  }
  return currentAttempt(deps, attemptId);
}

/** Whether another caller is settling the attempt right now. */
export async function isBeingSettled(deps: PaymentDeps, attemptId: string): Promise<boolean> {
  const [row] = await deps.db
    .select({ id: paymentAttempts.id })
    .from(paymentAttempts)
    .where(and(eq(paymentAttempts.id, attemptId), inArray(paymentAttempts.state, openStates), gt(paymentAttempts.settlingUntil, deps.now())));
  return Boolean(row);
}

/**
 * For the payer's return: while another caller settles this attempt, wait a little for its
 * result (checking every 250 ms) rather than show "processing" for a payment about to be
 * booked. Answers the attempt as it then stands.
 */
export async function awaitSettled(deps: PaymentDeps, attemptId: string, tries = 20): Promise<Attempt> {
  for (let i = 0; i < tries && (await isBeingSettled(deps, attemptId)); i++) await deps.sleep(250);
  return currentAttempt(deps, attemptId);
}
