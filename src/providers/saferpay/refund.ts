// Saferpay refunds (shared/specs/saferpay.md §4): Transaction/Refund authorises a REFUND
// transaction, and only its Capture moves the money. Every answer that did not come back
// leaves the refund pending; Transaction/Inquire of the refund (by its id, or by its own
// order id when even the Refund's answer was lost) is what decides later.
//
// A refund authorisation whose Capture Saferpay refused is cancelled (Transaction/Cancel),
// so nothing stays authorised; while that Cancel is unconfirmed the refund stays pending,
// with the refusal as its reason, and the next check cancels again rather than capture.
import { eq } from 'drizzle-orm';
import { refunds } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { saferpayClientFor } from './client-for.js';
import { ProviderError, type RefundInput, type RefundOutcome, outcomeUnknown } from '../types.js';
import type { SaferpayClient } from './client.js';
import type { SaferpayTransaction } from './schemas.js';

const describe = (error: unknown) => (error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error));
const pending = (why: string): RefundOutcome => ({ state: 'pending', why });

/** The refund's own order id at Saferpay: unique per refund, so Inquire can find it by that alone. */
export const refundOrderId = ({ attempt, refund }: Pick<RefundInput, 'attempt' | 'refund'>) => `${attempt.orderId}-R${refund.id.slice(0, 8)}`.slice(0, 80);

async function rememberTransaction(deps: PaymentDeps, refundId: string, transactionId: string) {
  await deps.db.update(refunds).set({ providerTransactionId: transactionId }).where(eq(refunds.id, refundId));
}

export async function refundAtSaferpay(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  const { attempt, connection, refund } = input;
  const client = await saferpayClientFor(deps, connection);
  let transactionId: string;
  try {
    const authorised = await client.refund({
      captureId: attempt.providerCaptureId!,
      amount: refund.amount,
      currency: refund.currency,
      orderId: refundOrderId(input),
    });
    transactionId = authorised.Transaction.Id;
  } catch (error) {
    if (outcomeUnknown(error)) return pending(`Saferpay did not answer the refund (${describe(error)}); its record decides.`);
    return { state: 'failed', reason: describe(error) };
  }
  await rememberTransaction(deps, refund.id, transactionId);
  return captureRefund(client, transactionId);
}

async function captureRefund(client: SaferpayClient, transactionId: string): Promise<RefundOutcome> {
  try {
    const capture = await client.capture(transactionId);
    if (capture.Status === 'CAPTURED') return { state: 'captured', providerRefundId: capture.CaptureId ?? transactionId };
    return pending('Saferpay is still capturing the refund (PENDING).');
  } catch (error) {
    if (error instanceof ProviderError && error.providerCode === 'TRANSACTION_ALREADY_CAPTURED') {
      // An earlier Capture went through and its answer was lost: Saferpay's record confirms it.
      return fromRecord(client, (await client.inquire(transactionId)).Transaction, null).catch((inquiry: unknown) =>
        pending(`Saferpay says the refund was captured; Inquire did not confirm it yet (${describe(inquiry)}).`),
      );
    }
    if (outcomeUnknown(error)) return pending(`Saferpay did not answer the refund's capture (${describe(error)}); its record decides.`);
    return cancelRefund(client, transactionId, `Saferpay refused to capture the refund (${describe(error)}).`);
  }
}

async function cancelRefund(client: SaferpayClient, transactionId: string, reason: string): Promise<RefundOutcome> {
  try {
    await client.cancel(transactionId);
    return { state: 'failed', reason: `${reason} The refund authorisation was cancelled at Saferpay.` };
  } catch (error) {
    return { state: 'pending', why: `Cancelling the refund authorisation is not confirmed yet (${describe(error)}).`, refusal: reason };
  }
}

/** What Saferpay's record of the refund transaction says, finishing what was left half done. */
async function fromRecord(client: SaferpayClient, transaction: SaferpayTransaction, refusal: string | null): Promise<RefundOutcome> {
  switch (transaction.Status) {
    case 'CAPTURED':
      return { state: 'captured', providerRefundId: transaction.CaptureId ?? transaction.Id };
    case 'CANCELED':
      return { state: 'failed', reason: refusal ?? 'Saferpay cancelled the refund authorisation.' };
    case 'AUTHORIZED':
      return refusal ? cancelRefund(client, transaction.Id, refusal) : captureRefund(client, transaction.Id);
    default:
      return pending(`Saferpay reports the refund as ${transaction.Status}.`);
  }
}

export async function checkRefundAtSaferpay(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  const { connection, refund } = input;
  const client = await saferpayClientFor(deps, connection);
  // A pending refund with a reason is one whose capture Saferpay refused: cancel it, never capture it again.
  const refusal = refund.failureReason;
  let transaction: SaferpayTransaction;
  try {
    transaction = refund.providerTransactionId
      ? (await client.inquire(refund.providerTransactionId)).Transaction
      : (await client.inquireOrder(refundOrderId(input))).Transaction;
  } catch (error) {
    if (!refund.providerTransactionId && error instanceof ProviderError && error.providerCode === 'TRANSACTION_NOT_FOUND') {
      return { state: 'failed', reason: 'The refund never reached Saferpay (Inquire: TRANSACTION_NOT_FOUND); nothing was paid back.' };
    }
    const why = `Saferpay could not be asked about the refund (${describe(error)}).`;
    return refusal ? { state: 'pending', why, refusal } : pending(why);
  }
  if (!refund.providerTransactionId) await rememberTransaction(deps, refund.id, transaction.Id);
  return fromRecord(client, transaction, refusal);
}
