// What the payer's result page tells them about one payment attempt. Only money captured
// exactly as asked, that left the invoice paid, is "thank you, paid": money that does not
// match (booked to suspense), or that arrived for a cancelled invoice, waits for a
// bookkeeper, and the payer must not read that the invoice is settled.
import type { attemptStates } from '../db/schema.js';

export type PaymentOutcome = 'paid' | 'checking' | 'refunded' | 'abandoned' | 'declined' | 'processing';

export interface AttemptFacts {
  state: (typeof attemptStates)[number];
  amount: number;
  currency: string;
  capturedAmount: number;
  capturedCurrency: string | null;
}

export function paymentOutcome(attempt: AttemptFacts, invoiceStatus: string): PaymentOutcome {
  switch (attempt.state) {
    case 'captured':
      return attempt.capturedAmount === attempt.amount && (attempt.capturedCurrency ?? attempt.currency) === attempt.currency && invoiceStatus === 'paid'
        ? 'paid'
        : 'checking';
    case 'refunded':
      return 'refunded';
    case 'abandoned':
      return 'abandoned';
    case 'failed':
    case 'cancelled':
      return 'declined';
    default:
      return 'processing';
  }
}
