// Self-healing: attempts still open some minutes after they started (a notify that never
// came, a payer who closed the tab) are asserted with the provider; what was paid is booked,
// what expired is marked abandoned, each with a provider event. One function, so the Node
// server's interval and a Workers cron trigger run the same thing.
import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { connections, paymentAttempts, refunds } from '../db/schema.js';
import type { PaymentDeps } from '../payments/deps.js';
import { paymentAdapters } from '../providers/adapters.js';

export const reconcileAfterMs = 5 * 60_000;

export interface ReconcileOptions {
  limit?: number;
  /** One tenant only (an operator's targeted run, and tests sharing a database); all by default. */
  tenantId?: string;
}

export async function reconcileOpenAttempts(deps: PaymentDeps, { limit = 50, tenantId }: ReconcileOptions = {}) {
  const cutoff = new Date(deps.now().getTime() - reconcileAfterMs);
  const open = await deps.db
    .select({ attempt: paymentAttempts, connection: connections })
    .from(paymentAttempts)
    .innerJoin(connections, eq(connections.id, paymentAttempts.connectionId))
    .where(
      and(
        tenantId ? eq(paymentAttempts.tenantId, tenantId) : undefined,
        or(
          and(inArray(paymentAttempts.state, ['initiated', 'authorized']), lt(paymentAttempts.createdAt, cutoff)),
          // A refund the provider still processed when asked (PostFinance 81) and never reported on.
          inArray(
            paymentAttempts.id,
            deps.db.select({ id: refunds.attemptId }).from(refunds).where(and(eq(refunds.state, 'requested'), lt(refunds.createdAt, cutoff))),
          ),
        ),
      ),
    )
    .orderBy(paymentAttempts.createdAt)
    .limit(limit);
  const outcome: Record<string, number> = {};
  for (const { attempt, connection } of open) {
    try {
      const state = await paymentAdapters[attempt.provider].reconcile(deps, { attempt, connection });
      outcome[state] = (outcome[state] ?? 0) + 1;
    } catch (error) {
      outcome.error = (outcome.error ?? 0) + 1;
      deps.logger.warn('reconciliation of an attempt failed', { attemptId: attempt.id, error: String(error) });
    }
  }
  return outcome;
}
