// Cancelling an authorised payment that was never captured: the reservation is released at
// the provider (Saferpay Cancel, PostFinance DES) and nothing is booked (nothing was).
import { and, eq } from 'drizzle-orm';
import { connections, paymentAttempts } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { PaymentDeps } from '../payments/deps.js';
import { recordProviderEvent } from '../payments/events.js';
import { paymentAdapters } from '../providers/adapters.js';
import { assertUsableNow } from '../connections/environment.js';
import { providerNames } from '../connections/rules.js';
import { ProviderError } from '../providers/types.js';

export async function cancelPayment(deps: PaymentDeps, input: { tenantId: string; attemptId: string }) {
  const [row] = await deps.db
    .select({ attempt: paymentAttempts, connection: connections })
    .from(paymentAttempts)
    .innerJoin(connections, eq(connections.id, paymentAttempts.connectionId))
    .where(and(eq(paymentAttempts.tenantId, input.tenantId), eq(paymentAttempts.id, input.attemptId)));
  if (!row) throw notFound('The payment');
  const { attempt, connection } = row;
  assertUsableNow(connection, deps.sandboxEnabled);
  if (attempt.state !== 'authorized' || !attempt.providerTransactionId) {
    throw new DomainError('payment_not_refundable', `Payment ${attempt.id} is ${attempt.state}: only an authorised, uncaptured payment can be cancelled; refund a captured one.`);
  }
  try {
    // false: the provider still processes the release; its later report completes it.
    if (!(await paymentAdapters[attempt.provider].cancel(deps, { attempt, connection }))) return;
  } catch (error) {
    const reason = error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error);
    throw new DomainError('provider_unavailable', `${providerNames[attempt.provider]} did not cancel the payment: ${reason}`, { reason });
  }
  await deps.db.transaction(async (tx) => {
    await tx
      .update(paymentAttempts)
      .set({ state: 'cancelled', updatedAt: deps.now() })
      .where(and(eq(paymentAttempts.id, attempt.id), eq(paymentAttempts.state, 'authorized')));
    await recordProviderEvent(tx, {
      tenantId: attempt.tenantId,
      attemptId: attempt.id,
      provider: attempt.provider,
      kind: 'cancel',
      reference: attempt.providerTransactionId!,
      payload: { transactionId: attempt.providerTransactionId },
    });
  });
}
