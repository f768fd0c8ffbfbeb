// SwissBilling refunds on PostFinance e-Payment: RFS (full refund only). The platform
// answers 81 (refund pending) and reports 8 (done) or 83/94 (refused) later, through the
// status-change post-sale or querydirect. An answer that did not come back, or an uncertain
// one, leaves the refund pending: querydirect decides, never a guess.
import type { NcResponse } from './directlink.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { directLinkFor, maintainAndQuery } from './maintenance.js';
import { ProviderError, type RefundInput, type RefundOutcome, outcomeUnknown } from '../types.js';

/** Past this, a payment still reported captured (9) has no refund coming: the RFS never arrived. */
const refundArrivesWithinMs = 5 * 60_000;

const describe = (error: unknown) => (error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error));

/** The refund as the order's status tells it. */
export function refundFromStatus(status: NcResponse, input: RefundInput, now: Date): RefundOutcome {
  const payId = input.attempt.providerTransactionId!;
  switch (status.status) {
    case 8:
      return { state: 'captured', providerRefundId: `${payId}.${status.payIdSub ?? ''}` };
    case 83:
    case 94:
      return { state: 'failed', reason: `PostFinance refused the refund (STATUS ${status.status}, NCERROR ${status.ncError || '–'}).` };
    case 9:
      if (now.getTime() - input.refund.createdAt.getTime() > refundArrivesWithinMs) {
        return { state: 'failed', reason: 'PostFinance shows the payment still captured (STATUS 9): the refund never reached it; nothing was paid back.' };
      }
      return { state: 'pending', why: 'PostFinance has not taken the refund up yet (STATUS 9).' };
    default:
      return { state: 'pending', why: `PostFinance reports the order as STATUS ${status.status ?? '?'}.` };
  }
}

export async function refundAtPostFinance(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  const payId = input.attempt.providerTransactionId!;
  try {
    const { status } = await maintainAndQuery(deps, input.connection, { payId, operation: 'RFS', amount: input.refund.amount });
    return refundFromStatus(status, input, deps.now());
  } catch (error) {
    // The RFS may have reached PostFinance while its answer did not reach us: ask its record now.
    if (outcomeUnknown(error)) return checkRefundAtPostFinance(deps, input);
    return { state: 'failed', reason: `PostFinance refused the refund (${describe(error)}).` };
  }
}

export async function checkRefundAtPostFinance(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome> {
  try {
    const status = await (await directLinkFor(deps, input.connection)).query({ payId: input.attempt.providerTransactionId! });
    return refundFromStatus(status, input, deps.now());
  } catch (error) {
    return { state: 'pending', why: `PostFinance could not be asked about the refund (${describe(error)}).` };
  }
}
