// The PostFinance Checkout API v2.0 client (spec §3–§13): every request carries a fresh JWT
// and the Space header. Reads (GET) are repeated after a network error, 429 or 5xx; writes
// are not: creating a transaction is not idempotent (search by merchant reference instead),
// a void or refund is confirmed by reading the record. A failure that may have happened at
// the platform is `unknown`; only the platform's own 4xx is `refused`.
import { z } from 'zod';
import { readBoundedText } from '../bounded-body.js';
import type { ProviderCallContext } from '../call-context.js';
import { ProviderError } from '../types.js';
import { checkoutJwt } from './auth.js';
import type { CheckoutCredentials } from './credentials.js';
import { decimalJson } from './money.js';
import {
  encryptionKeySchema,
  errorSchema,
  methodConfigurationSchema,
  refundSchema,
  searchSchema,
  spaceSchema,
  transactionSchema,
} from './schemas.js';

const provider = 'postfinance-checkout';
const maxRetries = 2;
// The SDK's default per request (spec §13).
const timeoutMs = 25_000;

const readable: Record<number, [string, string]> = {
  401: ['AUTHENTICATION_FAILED', 'PostFinance Checkout refused the application user id or authentication key.'],
  403: ['PERMISSION_DENIED', 'The application user has no role on this space or its account.'],
  404: ['NOT_FOUND', 'PostFinance Checkout does not know this space or entity.'],
  409: ['VERSION_CONFLICT', 'The entity changed at PostFinance Checkout meanwhile.'],
};

const apiPrefix = '/api/v2.0';

export function createCheckoutClient(credentials: CheckoutCredentials, context: ProviderCallContext, now: () => Date) {
  async function call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
    // The query string is built once, for the URL and the signed requestPath alike (spec §3.2).
    const url = `${credentials.baseUrl}${path}`;
    const requestPath = `${apiPrefix}${path}`;
    const resends = method === 'GET' ? maxRetries : 0;
    for (let retry = 0; ; retry++) {
      const jwt = await checkoutJwt({ ...credentials, timestamp: Math.floor(now().getTime() / 1000) }, method, requestPath);
      let response: Response;
      let text: string;
      try {
        response = await context.fetch(url, {
          method,
          headers: { Authorization: `Bearer ${jwt}`, Space: credentials.spaceId, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
          body: body === undefined ? undefined : decimalJson(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        text = await readBoundedText(response);
      } catch (error) {
        if (retry < resends) {
          await context.sleep(500 * 2 ** retry);
          continue;
        }
        throw new ProviderError(provider, 'COMMUNICATION_FAILED', 'PostFinance Checkout could not be reached.', null, { cause: String(error) }, 'unknown');
      }
      const json = parseJson(text);
      if (response.ok) {
        const parsed = schema.safeParse(json ?? text);
        if (parsed.success) return parsed.data;
        // A 2xx we cannot read may well mean it was done.
        throw new ProviderError(provider, 'UNEXPECTED_RESPONSE', 'PostFinance Checkout answered in an unexpected shape.', response.status, {}, 'unknown');
      }
      if ((response.status >= 500 || response.status === 429) && retry < resends) {
        await context.sleep(500 * 2 ** retry);
        continue;
      }
      const error = errorSchema.safeParse(json);
      const [code, words] = readable[response.status] ?? [error.data?.code ?? `HTTP_${response.status}`, error.data?.message ?? `PostFinance Checkout answered HTTP ${response.status}.`];
      const outcome = response.status >= 500 || response.status === 429 ? 'unknown' : 'refused';
      throw new ProviderError(provider, code, words, response.status, { message: error.data?.message ?? null }, outcome);
    }
  }

  const search = (query: string) => `?query=${encodeURIComponent(query)}&limit=100&order=${encodeURIComponent('id:DESC')}`;

  return {
    createTransaction: (body: Record<string, unknown>) => call('POST', '/payment/transactions', transactionSchema, body),
    readTransaction: (id: string) => call('GET', `/payment/transactions/${encodeURIComponent(id)}`, transactionSchema),
    /** Spec §12; the reference is quoted, so its own characters cannot change the query. */
    transactionsByReference: async (merchantReference: string) =>
      (await call('GET', `/payment/transactions/search${search(`merchantReference:${JSON.stringify(merchantReference)}`)}`, searchSchema(transactionSchema))).data,
    paymentPageUrl: (id: string) => call('GET', `/payment/transactions/${encodeURIComponent(id)}/payment-page-url`, z.string()),
    // Their answers are not relied on: the transaction read afterwards says what happened.
    voidOnline: (id: string) => call('POST', `/payment/transactions/${encodeURIComponent(id)}/void-online`, z.unknown(), {}),
    completeOnline: (id: string) => call('POST', `/payment/transactions/${encodeURIComponent(id)}/complete-online`, z.unknown(), {}),
    createRefund: (body: Record<string, unknown>) => call('POST', '/payment/refunds', refundSchema, body),
    refundsByExternalId: async (externalId: string) =>
      (await call('GET', `/payment/refunds/search${search(`externalId:${JSON.stringify(externalId)}`)}`, searchSchema(refundSchema))).data,
    /** The v2.0 path of a space is UNCONFIRMED (spec lists none); `/spaces/{id}` follows its REST style. */
    readSpace: () => call('GET', `/spaces/${encodeURIComponent(credentials.spaceId)}`, spaceSchema),
    methodConfigurations: async () => (await call('GET', '/payment/method-configurations', searchSchema(methodConfigurationSchema))).data,
    encryptionKey: (keyId: string) => call('GET', `/webhooks/encryption-keys/${encodeURIComponent(keyId)}`, encryptionKeySchema),
  };
}

export type CheckoutClient = ReturnType<typeof createCheckoutClient>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
