// "Does this connection work?" answered in plain words by the provider's adapter: Saferpay
// is asked for the terminal, PostFinance for an order that cannot exist. Where the provider
// tells the currencies of each method's contract, they are kept on the connection, and the
// answer names each method that lacks an enabled currency.
import { and, eq } from 'drizzle-orm';
import { assertUsableNow } from '../connections/environment.js';
import { type ContractGap, contractGaps } from '../connections/method-currencies.js';
import { connections } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { PaymentDeps } from '../payments/deps.js';
import { paymentAdapters } from '../providers/adapters.js';
import type { VerifyAnswer } from '../providers/types.js';

export interface VerifyVerdict extends VerifyAnswer {
  /** Each enabled method and currency the contract does not cover (the pay page leaves them out). */
  missing?: ContractGap[];
}

export async function verifyConnection(deps: PaymentDeps, input: { tenantId: string; connectionId: string }): Promise<VerifyVerdict> {
  const [connection] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.tenantId, input.tenantId), eq(connections.id, input.connectionId)));
  if (!connection) throw notFound('The payment service');
  assertUsableNow(connection, deps.sandboxEnabled);
  if (!connection.sealedSecrets) {
    throw new DomainError('method_unavailable', 'This payment service has no credentials that can be verified yet: add them (PATCH credentials), then verify.');
  }
  const adapter = paymentAdapters[connection.provider];
  const answer = await adapter.verify(deps, connection);
  if (answer.result !== 'ok') return answer;
  const methodCurrencies = answer.methodCurrencies ?? connection.methodCurrencies;
  if (answer.methodCurrencies) {
    await deps.db.update(connections).set({ methodCurrencies }).where(eq(connections.id, connection.id));
  }
  const missing = contractGaps(adapter, { ...connection, methodCurrencies });
  if (missing.length === 0) return { ...answer, methodCurrencies, missing };
  // Not a plain "ok": a payer would miss a method the accountant believes offered.
  return { ...answer, result: 'contracts_incomplete', methodCurrencies, missing, message: `${answer.message} ${gapWords(missing)}` };
}

/** "But TWINT has no contract for EUR, USD; MASTERCARD has no contract for USD. …" */
function gapWords(missing: ContractGap[]): string {
  const byMethod = new Map<string, string[]>();
  for (const gap of missing) byMethod.set(gap.method, [...(byMethod.get(gap.method) ?? []), gap.currency]);
  const phrases = [...byMethod].map(([method, currencies]) => `${method} has no contract for ${currencies.join(', ')}`);
  return (
    `But ${phrases.join('; ')}. Payers are not offered a method in a currency its contract lacks; ` +
    'ask the provider to activate it, then verify again.'
  );
}
