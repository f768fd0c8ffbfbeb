// "Does this connection work?" answered in plain words: Saferpay is asked for the terminal
// the connection names; PostFinance gets a querydirect for an order that cannot exist, whose
// NCERROR tells wrong credentials apart from a working account.
import { and, eq } from 'drizzle-orm';
import { connections } from '../db/schema.js';
import { DomainError, notFound } from '../errors.js';
import type { PaymentDeps } from '../payments/deps.js';
import { directLinkFor } from '../payments/postfinance-maintenance.js';
import { saferpayClientFor } from '../payments/saferpay-client-for.js';
import { randomToken } from '../crypto.js';
import { ProviderError } from '../providers/types.js';

export type VerifyResult = 'ok' | 'credentials_wrong' | 'terminal_not_customers' | 'unreachable' | 'error';

export async function verifyConnection(deps: PaymentDeps, input: { tenantId: string; connectionId: string }) {
  const [connection] = await deps.db
    .select()
    .from(connections)
    .where(and(eq(connections.tenantId, input.tenantId), eq(connections.id, input.connectionId)));
  if (!connection) throw notFound('The payment service');
  if (!connection.sealedSecrets) {
    throw new DomainError('method_unavailable', 'This payment service has no credentials that can be verified yet.');
  }
  if (connection.provider === 'postfinance') return verifyPostFinance(deps, connection);
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

const postfinanceAnswers: Record<string, { result: VerifyResult; message: string }> = {
  '50001130': { result: 'ok', message: 'PostFinance accepts the PSPID, the API user and the DirectLink passphrase.' },
  '50001118': { result: 'credentials_wrong', message: 'PostFinance does not know this PSPID (50001118).' },
  '50001119': { result: 'credentials_wrong', message: 'PostFinance refused the API user or its password (50001119).' },
  '50001111': {
    result: 'credentials_wrong',
    message: 'PostFinance refused the signed request (50001111): check the DirectLink passphrase and the hash algorithm.',
  },
  '50001116': { result: 'error', message: "PostFinance does not accept requests from this server's IP address (50001116)." },
};

async function verifyPostFinance(deps: PaymentDeps, connection: typeof connections.$inferSelect) {
  try {
    const answer = await (await directLinkFor(deps, connection)).query({ orderId: `VERIFY-${randomToken(9)}` });
    // "Cannot access original order" is the expected answer: the credentials were accepted.
    return postfinanceAnswers[answer.ncError] ?? { result: 'error' as VerifyResult, message: `PostFinance answered NCERROR ${answer.ncError || '0'}: ${answer.ncErrorPlus}` };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    if (error.providerCode === 'COMMUNICATION_FAILED') {
      return { result: 'unreachable' as VerifyResult, message: 'PostFinance could not be reached from this server.' };
    }
    return { result: 'error' as VerifyResult, message: `PostFinance answered ${error.providerCode}: ${error.userMessage}` };
  }
}
