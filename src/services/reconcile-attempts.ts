// Self-healing: attempts still open some minutes after they started (a notify that never
// came, a payer who closed the tab) are asserted with the provider; what was paid is booked,
// what expired is marked abandoned, each with a provider event. One function, so the Node
// server's interval and a Workers cron trigger run the same thing.
import { and, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import { connections, paymentAttempts } from '../db/schema.js';
import type { PaymentDeps } from '../payments/deps.js';
import { queryPostFinanceAttempt } from './settle-postfinance-feedback.js';
import { settleSaferpayAttempt } from './settle-saferpay-attempt.js';

export const reconcileAfterMs = 5 * 60_000;

export async function reconcileOpenAttempts(deps: PaymentDeps, limit = 50) {
  const cutoff = new Date(deps.now().getTime() - reconcileAfterMs);
  const open = await deps.db
    .select({ id: paymentAttempts.id, provider: paymentAttempts.provider })
    .from(paymentAttempts)
    .where(
      and(
        inArray(paymentAttempts.state, ['initiated', 'authorized']),
        lt(paymentAttempts.createdAt, cutoff),
        // Saferpay attempts without a token never reached Saferpay; PostFinance ones are found by ORDERID.
        or(isNotNull(paymentAttempts.providerToken), eq(paymentAttempts.provider, 'postfinance')),
      ),
    )
    .orderBy(paymentAttempts.createdAt)
    .limit(limit);
  const outcome: Record<string, number> = {};
  for (const attempt of open) {
    try {
      const state = attempt.provider === 'saferpay' ? (await settleSaferpayAttempt(deps, attempt.id, 'reconcile')).state : await queryPostFinance(deps, attempt.id);
      outcome[state] = (outcome[state] ?? 0) + 1;
    } catch (error) {
      outcome.error = (outcome.error ?? 0) + 1;
      deps.logger.warn('reconciliation of an attempt failed', { attemptId: attempt.id, error: String(error) });
    }
  }
  return outcome;
}

async function queryPostFinance(deps: PaymentDeps, attemptId: string) {
  const [row] = await deps.db
    .select({ attempt: paymentAttempts, connection: connections })
    .from(paymentAttempts)
    .innerJoin(connections, eq(connections.id, paymentAttempts.connectionId))
    .where(eq(paymentAttempts.id, attemptId));
  if (!row) return 'missing';
  return (await queryPostFinanceAttempt(deps, row.connection, row.attempt)).state;
}
