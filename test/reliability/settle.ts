// After the last kill: the reconciliation job, then the books against the providers' own
// records.
//
// The job is the server's own function (`reconcileOpenAttempts`, which the Node server runs
// every minute), called here with the clock moved ahead rather than waited for: it only looks
// at attempts older than five minutes, a settler killed mid-work leaves its lease for ten,
// an unpaid Saferpay page expires after an hour and an unsubmitted SwissBilling order is
// given up after two. Each round moves the clock further, as the hours would.
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { paymentAttempts, refunds } from '../../src/db/schema.js';
import type { Logger } from '../../src/logger.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { createSecretBox } from '../../src/secret-box.js';
import type { Simulators } from './processes.js';

const rounds = [15, 75, 180, 360];

/**
 * The acquirer settles what the payers left uncertain, silently as acquirers do (Saferpay
 * PENDING, PostFinance 52): only the job's Assert or querydirect finds out.
 */
export function resolveUncertain(simulators: Simulators) {
  const pending = [...simulators.saferpay.payments.values()].filter((payment) => payment.state === 'PENDING');
  const uncertain = [...simulators.postfinance.orders.values()].filter((order) => order.status === 52);
  for (const payment of pending) payment.state = 'AUTHORIZED';
  for (const order of uncertain) order.status = 5;
  return pending.length + uncertain.length;
}

export async function runReconciliation(input: { db: Database; tenantId: string; appSecret: string; publicBaseUrl: string; minutesAhead?: number[] }) {
  const warnings: string[] = [];
  const note = (message: string, fields?: Record<string, unknown>) => warnings.push(`${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug() {}, info() {}, warn: note, error: note };
  const base = {
    db: input.db,
    logger,
    publicBaseUrl: input.publicBaseUrl,
    secretBox: await createSecretBox(input.appSecret),
    fetch,
    sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    payerWaitMs: 8_000,
    // The server under test runs with its sandbox on; the job here acts for it.
    sandboxEnabled: true,
  };
  const outcomes: Record<string, number> = {};
  for (const minutes of input.minutesAhead ?? rounds) {
    const outcome = await reconcileOpenAttempts({ ...base, now: () => new Date(Date.now() + minutes * 60_000) }, { tenantId: input.tenantId, limit: 500 });
    for (const [state, n] of Object.entries(outcome)) outcomes[state] = (outcomes[state] ?? 0) + n;
  }
  return { outcomes, warnings };
}

/**
 * What the simulated providers hold against what the books say: every capture at the provider
 * is a captured attempt with that amount, every refund captured there is a captured refund
 * here, nothing is left authorised there, and nothing is captured here that the provider
 * never captured. This is "no booking lost" seen from the money's side.
 */
export async function compareWithProviders(db: Database, tenantId: string, simulators: Simulators): Promise<string[]> {
  const attempts = await db.select().from(paymentAttempts).where(eq(paymentAttempts.tenantId, tenantId));
  const refundRows = await db.select().from(refunds).where(eq(refunds.tenantId, tenantId));
  const byTransaction = new Map(attempts.filter((a) => a.providerTransactionId).map((a) => [a.providerTransactionId!, a]));
  const refundedHere = (attemptId: string) =>
    refundRows.filter((r) => r.attemptId === attemptId && r.state === 'captured').reduce((sum, r) => sum + r.amount, 0);
  const problems: string[] = [];
  const captured = new Set(['captured', 'refunded']);

  const providerCaptured = new Set<string>();
  for (const payment of simulators.saferpay.payments.values()) {
    const attempt = byTransaction.get(payment.transactionId);
    const where = `Saferpay ${payment.transactionId} (order ${payment.orderId}, ${payment.amount})`;
    if (payment.state === 'AUTHORIZED') problems.push(`${where} is still authorised: neither captured nor cancelled`);
    if (payment.state !== 'CAPTURED') continue;
    providerCaptured.add(payment.transactionId);
    if (!attempt || !captured.has(attempt.state) || attempt.capturedAmount !== payment.amount) {
      problems.push(`${where} is captured at Saferpay but the books show ${attempt ? `${attempt.state} ${attempt.capturedAmount}` : 'no attempt'}`);
      continue;
    }
    const refundedThere = payment.refunds.filter((r) => r.state === 'CAPTURED').reduce((sum, r) => sum + r.amount, 0);
    if (payment.refunds.some((r) => r.state === 'AUTHORIZED')) problems.push(`${where} has a refund still authorised at Saferpay`);
    if (refundedThere !== refundedHere(attempt.id)) problems.push(`${where}: Saferpay refunded ${refundedThere}, the books ${refundedHere(attempt.id)}`);
  }

  for (const order of simulators.postfinance.orders.values()) {
    const attempt = byTransaction.get(order.payId) ?? attempts.find((a) => a.orderId === order.orderId);
    const where = `PostFinance ${order.payId} (order ${order.orderId}, ${order.amount}, STATUS ${order.status})`;
    if (order.status === 5) problems.push(`${where} is still authorised: never captured`);
    if (order.status !== 9 && order.status !== 8) continue;
    providerCaptured.add(order.payId);
    if (!attempt || !captured.has(attempt.state) || attempt.capturedAmount !== order.amount) {
      problems.push(`${where} is captured at PostFinance but the books show ${attempt ? `${attempt.state} ${attempt.capturedAmount}` : 'no attempt'}`);
      continue;
    }
    const refundedThere = order.status === 8 ? order.amount : 0;
    if (refundedThere !== refundedHere(attempt.id)) problems.push(`${where}: PostFinance refunded ${refundedThere}, the books ${refundedHere(attempt.id)}`);
  }

  for (const attempt of attempts) {
    if (captured.has(attempt.state) && !providerCaptured.has(attempt.providerTransactionId ?? '')) {
      problems.push(`attempt ${attempt.id} is ${attempt.state} in the books, but ${attempt.provider} captured no such transaction`);
    }
  }
  return problems;
}
