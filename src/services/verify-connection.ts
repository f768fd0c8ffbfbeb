// "Does this connection work?" answered in plain words by the provider's adapter: Saferpay
// is asked for the terminal, PostFinance for an order that cannot exist.
import { and, eq } from 'drizzle-orm';
import { connections } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { PaymentDeps } from '../payments/deps.js';
import { paymentAdapters } from '../providers/adapters.js';

export async function verifyConnection(deps: PaymentDeps, input: { tenantId: string; connectionId: string }) {
  const [connection] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.tenantId, input.tenantId), eq(connections.id, input.connectionId)));
  if (!connection) throw notFound('The payment service');
  if (!connection.sealedSecrets) {
    throw new DomainError('method_unavailable', 'This payment service has no credentials that can be verified yet.');
  }
  return paymentAdapters[connection.provider].verify(deps, connection);
}
