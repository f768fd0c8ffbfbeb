// Refunds (spec §8): RefundCreate with externalId `refund-<our refund id>`, so sending it
// again returns the first result instead of refunding twice. Booked only at SUCCESSFUL;
// FAILED releases it; anything else (and a lost answer) stays pending until the record,
// found by that externalId, says more. A refund the platform has no record of is sent
// again with the same externalId: the platform de-duplicates it.
import { eq } from 'drizzle-orm';
import { refunds } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { ProviderError, type RefundInput, type RefundOutcome, outcomeUnknown } from '../types.js';
import type { CheckoutClient } from './client.js';
import { checkoutClientFor } from './client-for.js';
import { decimal } from './money.js';
import type { CheckoutRefund } from './schemas.js';

const describe = (error: unknown) => (error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error));
export const refundExternalId = (refundId: string) => `refund-${refundId}`;

function outcomeOf(refund: CheckoutRefund): RefundOutcome {
  switch (refund.state) {
    case 'SUCCESSFUL':
      return { state: 'captured', providerRefundId: refund.id };
    case 'FAILED': {
      const description = refund.failureReason?.description;
      return { state: 'failed', reason: `PostFinance Checkout refused the refund${typeof description === 'string' ? `: ${description}` : '.'}` };
    }
    case 'MANUAL_CHECK':
      return { state: 'pending', why: 'PostFinance Checkout holds the refund for a manual check in its portal.' };
    default:
      return { state: 'pending', why: `PostFinance Checkout reports the refund as ${refund.state}.` };
  }
}

async function send(deps: PaymentDeps, client: CheckoutClient, { attempt, refund }: RefundInput): Promise<RefundOutcome> {
  try {
    const answer = await client.createRefund({
      externalId: refundExternalId(refund.id),
      type: 'MERCHANT_INITIATED_ONLINE',
      transaction: Number(attempt.providerTransactionId),
      amount: decimal(refund.amount, refund.currency),
      merchantReference: attempt.orderId.slice(0, 100),
    });
    await deps.db.update(refunds).set({ providerTransactionId: answer.id }).where(eq(refunds.id, refund.id));
    return outcomeOf(answer);
  } catch (error) {
    if (outcomeUnknown(error)) return { state: 'pending', why: `PostFinance Checkout did not answer the refund (${describe(error)}); its record decides.` };
    return { state: 'failed', reason: `PostFinance Checkout refused the refund (${describe(error)}).` };
  }
}

export async function refundAtCheckout(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  return send(deps, await checkoutClientFor(deps, input.connection), input);
}

export async function checkRefundAtCheckout(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  const client = await checkoutClientFor(deps, input.connection);
  let found: CheckoutRefund[];
  try {
    found = await client.refundsByExternalId(refundExternalId(input.refund.id));
  } catch (error) {
    return { state: 'pending', why: `PostFinance Checkout could not be asked about the refund (${describe(error)}).` };
  }
  const [record] = found;
  if (!record) return send(deps, client, input);
  if (!input.refund.providerTransactionId) await deps.db.update(refunds).set({ providerTransactionId: record.id }).where(eq(refunds.id, input.refund.id));
  return outcomeOf(record);
}
