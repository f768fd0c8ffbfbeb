// Self-healing: attempts still open some minutes after they started (a notify that never
// came, a payer who closed the tab) and refunds still pending (an answer lost, a refund the
// provider had not finished) are checked with the provider's own record; what was paid is
// booked, what expired is marked abandoned, a refund is booked or released as the record
// says and otherwise stays pending. One function, so the Node server's interval and a Workers cron trigger run
// the same thing.
//
// Attempts are claimed as the outbox claims messages: FOR UPDATE SKIP LOCKED in a short
// transaction that moves `next_check_at` ahead, and the provider is asked after it commits.
// Several instances can run side by side, and an order that stays uncertain for days is
// asked less and less often (a quarter of its age, between one minute and one hour), so it
// never crowds out newer ones.
//
// Genuine attempts come first: one a payer acted on (payments/payer-acted.ts) is claimed
// before attempts nobody touched, so a flood of abandoned attempts (each due once its five
// minutes are up) cannot keep a payment whose notify was lost waiting behind it.
import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { connections, paymentAttempts, refunds } from '../db/schema.js';
import type { PaymentDeps } from '../payments/deps.js';
import { payerActed } from '../payments/payer-acted.js';
import { applyRefundOutcome } from '../payments/refund-outcome.js';
import { paymentAdapters } from '../providers/adapters.js';

export const reconcileAfterMs = 5 * 60_000;
const openStates: Attempt['state'][] = ['initiated', 'authorized'];
type Attempt = typeof paymentAttempts.$inferSelect;
type Connection = typeof connections.$inferSelect;

export interface ReconcileOptions {
  limit?: number;
  /** One tenant only (an operator's targeted run, and tests sharing a database); all by default. */
  tenantId?: string;
}

/** A quarter of the attempt's age, at least a minute, at most an hour. */
export function nextCheckDelayMs(createdAt: Date, now: Date): number {
  return Math.min(Math.max((now.getTime() - createdAt.getTime()) / 4, 60_000), 3_600_000);
}

async function claimDue(deps: PaymentDeps, { limit = 50, tenantId }: ReconcileOptions) {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - reconcileAfterMs);
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ attempt: paymentAttempts, connection: connections })
      .from(paymentAttempts)
      .innerJoin(connections, eq(connections.id, paymentAttempts.connectionId))
      .where(
        and(
          tenantId ? eq(paymentAttempts.tenantId, tenantId) : undefined,
          or(isNull(paymentAttempts.nextCheckAt), lte(paymentAttempts.nextCheckAt, now)),
          or(
            and(inArray(paymentAttempts.state, openStates), lt(paymentAttempts.createdAt, cutoff)),
            // A refund whose outcome is not known yet: an answer lost, or still processing (PostFinance 81).
            inArray(
              paymentAttempts.id,
              tx.select({ id: refunds.attemptId }).from(refunds).where(and(eq(refunds.state, 'pending'), lt(refunds.createdAt, cutoff))),
            ),
          ),
        ),
      )
      // A pending refund is an accountant's act: as genuine as a payer's.
      .orderBy(
        sql`(${payerActed} or exists (select 1 from ${refunds} where ${refunds.attemptId} = ${paymentAttempts.id} and ${refunds.state} = 'pending')) desc`,
        sql`coalesce(${paymentAttempts.nextCheckAt}, ${paymentAttempts.createdAt})`,
      )
      .limit(limit)
      .for('update', { of: paymentAttempts, skipLocked: true });
    for (const { attempt } of due) {
      await tx
        .update(paymentAttempts)
        .set({ nextCheckAt: new Date(now.getTime() + nextCheckDelayMs(attempt.createdAt, now)) })
        .where(eq(paymentAttempts.id, attempt.id));
    }
    return due;
  });
}

/** Asks the provider's record about each pending refund of the attempt and writes down what it says. */
async function checkPendingRefunds(deps: PaymentDeps, attempt: Attempt, connection: Connection, outcome: Record<string, number>) {
  const pending = await deps.db
    .select()
    .from(refunds)
    .where(and(eq(refunds.attemptId, attempt.id), eq(refunds.state, 'pending')));
  for (const refund of pending) {
    const result = await paymentAdapters[attempt.provider].checkRefund(deps, { attempt, connection, refund });
    await applyRefundOutcome(deps, { refundId: refund.id, outcome: result, userId: null });
    const key = `refund_${result.state}`;
    outcome[key] = (outcome[key] ?? 0) + 1;
  }
}

export async function reconcileOpenAttempts(deps: PaymentDeps, options: ReconcileOptions = {}) {
  const outcome: Record<string, number> = {};
  for (const { attempt, connection } of await claimDue(deps, options)) {
    try {
      if (openStates.includes(attempt.state)) {
        const state = await paymentAdapters[attempt.provider].reconcile(deps, { attempt, connection });
        outcome[state] = (outcome[state] ?? 0) + 1;
      }
      await checkPendingRefunds(deps, attempt, connection, outcome);
    } catch (error) {
      outcome.error = (outcome.error ?? 0) + 1;
      deps.logger.warn('reconciliation of an attempt failed', { attemptId: attempt.id, error: String(error) });
    }
  }
  return outcome;
}
