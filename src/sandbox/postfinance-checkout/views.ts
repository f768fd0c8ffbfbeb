// A simulated transaction as the platform shows it: amounts as decimals, failure words per language.
import { formatMinor } from '../../ledger/currencies.js';
import type { SandboxTransaction } from './state.js';

export function transactionView(t: SandboxTransaction) {
  const amount = Number(formatMinor(t.amount, t.currency));
  const moved = ['COMPLETED', 'FULFILL', 'DECLINE'].includes(t.state);
  return {
    id: t.id,
    spaceId: Number(t.spaceId),
    state: t.state,
    currency: t.currency,
    merchantReference: t.merchantReference,
    authorizationAmount: amount,
    completedAmount: moved ? amount : null,
    refundedAmount: Number(formatMinor(t.refunded, t.currency)),
    authorizationEnvironment: t.state === 'PENDING' ? null : t.environment,
    completionBehavior: 'COMPLETE_IMMEDIATELY',
    metaData: t.metaData,
    failureReason: t.failure ? { name: { 'en-US': t.failure }, description: { 'en-US': t.failure } } : null,
    userFailureMessage: t.failure,
    createdOn: t.createdOn,
    version: t.version,
  };
}
