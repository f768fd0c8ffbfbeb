// "Does this connection work?" answered in plain words, by asking the provider for the
// terminal the connection names.
import { and, eq } from 'drizzle-orm';
import { connections } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { PaymentDeps } from '../payments/deps.js';
import { saferpayClientFor } from '../payments/saferpay-client-for.js';
import { ProviderError } from '../providers/types.js';

export type VerifyResult = 'ok' | 'credentials_wrong' | 'terminal_not_customers' | 'unreachable' | 'error';

export async function verifyConnection(deps: PaymentDeps, input: { tenantId: string; connectionId: string }) {
  const [connection] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.tenantId, input.tenantId), eq(connections.id, input.connectionId)));
  if (!connection) throw notFound('The payment service');
  if (connection.provider !== 'saferpay' || !connection.sealedSecrets) {
    throw new DomainError('method_unavailable', 'This payment service has no credentials that can be verified yet.');
  }
  try {
    const terminal = await (await saferpayClientFor(deps, connection)).terminal();
    const offered = new Set((terminal.PaymentMethods ?? []).flatMap((m) => m.Currencies ?? []));
    const missing = connection.currencies.filter((currency) => !offered.has(currency));
    return {
      result: 'ok' as VerifyResult,
      message: missing.length
        ? `Saferpay accepts the credentials, but the terminal has no contract for ${missing.join(', ')}.`
        : 'Saferpay accepts the credentials and the terminal belongs to the customer.',
    };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.providerCode === 'AUTHENTICATION_FAILED' || error.httpStatus === 401) {
      return { result: 'credentials_wrong' as VerifyResult, message: 'Saferpay refused the JSON API username or password (401).' };
    }
    if (error.providerCode === 'PERMISSION_DENIED' || error.httpStatus === 403) {
      return { result: 'terminal_not_customers' as VerifyResult, message: 'The terminal does not belong to this customer id (403, PERMISSION_DENIED).' };
    }
    if (error.providerCode === 'COMMUNICATION_FAILED') {
      return { result: 'unreachable' as VerifyResult, message: 'Saferpay could not be reached from this server.' };
    }
    return { result: 'error' as VerifyResult, message: `Saferpay answered ${error.providerCode}: ${error.userMessage}` };
  }
}
