// A payer who presses the same method again (the back button, a second tab, an impatient
// double press a moment later) is sent to the session the provider already opened for
// them, not to a new one: each new attempt is a hosted-page session under the merchant's
// credentials, and two open sessions for one invoice are two chances to pay it twice.
import { and, desc, eq, gt, isNull, lt, not, or } from 'drizzle-orm';
import type { Tx } from '../db/client.js';
import { paymentAttempts } from '../db/schema.js';
import type { PaymentAdapter } from '../providers/types.js';
import { payerActed } from './payer-acted.js';

/** How long an untouched attempt is handed out again: a payer's hesitation, not a day later. */
export const reuseAttemptForMs = 10 * 60_000;

export interface ReuseQuery {
  invoiceId: string;
  connectionId: string;
  method: string;
  /** The open amount and currency now: after a partial payment the old attempt asks for the wrong amount. */
  amount: number;
  currency: string;
  adapter: PaymentAdapter;
  now: Date;
}

/**
 * The newest attempt of this invoice and method that is still open, fresh, asks for what is
 * open now, that nobody acted on (a payer who went through the provider's page gets a new
 * one: that session may be spent) and that its provider can still show; null otherwise.
 */
export async function findReusableAttempt(tx: Tx, query: ReuseQuery) {
  const { now } = query;
  const candidates = await tx
    .select()
    .from(paymentAttempts)
    .where(
      and(
        eq(paymentAttempts.invoiceId, query.invoiceId),
        eq(paymentAttempts.connectionId, query.connectionId),
        eq(paymentAttempts.method, query.method),
        eq(paymentAttempts.state, 'initiated'),
        eq(paymentAttempts.amount, query.amount),
        eq(paymentAttempts.currency, query.currency),
        gt(paymentAttempts.createdAt, new Date(now.getTime() - reuseAttemptForMs)),
        or(isNull(paymentAttempts.settlingUntil), lt(paymentAttempts.settlingUntil, now)),
        not(payerActed),
      ),
    )
    .orderBy(desc(paymentAttempts.createdAt))
    // A few: the newest may still be waiting for its provider (a double press) while an older one is ready.
    .limit(3);
  return candidates.find((attempt) => query.adapter.reusable(attempt, now)) ?? null;
}
