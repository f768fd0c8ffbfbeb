// `payment.failed`: a payer's attempt ended without money (declined, refused, expired at
// the provider's word). Recorded by whoever moved the attempt to `failed`, in that
// transaction, so it happens once per attempt. A payer who gave up (`abandoned`) is no failure.
import type { Tx } from '../db/client.js';
import type { paymentAttempts } from '../db/schema.js';
import { recordEvent } from './record-event.js';

type AttemptFacts = Pick<typeof paymentAttempts.$inferSelect, 'id' | 'tenantId' | 'invoiceId' | 'provider' | 'method' | 'amount' | 'currency'>;

export async function recordPaymentFailed(tx: Tx, attempt: AttemptFacts, failure: { code: string | null; reason: string; now: Date }) {
  await recordEvent(tx, {
    tenantId: attempt.tenantId,
    type: 'payment.failed',
    data: {
      paymentId: attempt.id,
      invoiceId: attempt.invoiceId,
      provider: attempt.provider,
      method: attempt.method,
      amount: attempt.amount,
      currency: attempt.currency,
      failureCode: failure.code,
      failureReason: failure.reason,
    },
    now: failure.now,
  });
}
