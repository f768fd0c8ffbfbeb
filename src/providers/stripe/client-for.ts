// The official `stripe` library for one connection, on its fetch HTTP client (no Node
// modules: the same code runs on Workers), pinned to the API version it is typed against,
// calling the host the endpoint rules allow: Stripe's API for test and live, the simulator
// for a sandbox. The simulator lives under a path of this service (/sandbox/stripe); the
// library only knows host, port and protocol, so its requests get that path put in front.
import Stripe from 'stripe';
import type { connections } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { connectionBaseUrl } from '../endpoints.js';
import { ProviderError } from '../types.js';
import { stripeHosts, stripeSecrets } from './credentials.js';

/** What stripe@23.1.0 is typed against (its ApiVersion); sent on every request. */
export const stripeApiVersion = '2026-10-28.endive' as const;
// stripe-node's default is 80 s; a payer's page and the job want an answer sooner.
const timeoutMs = 30_000;

type Connection = typeof connections.$inferSelect;

export function createStripe(secretKey: string, baseUrl: string, fetchFn: typeof fetch): Stripe {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const routed: typeof fetch = prefix
    ? (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        url.pathname = `${prefix}${url.pathname}`;
        return fetchFn(url.toString(), init);
      }
    : fetchFn;
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(secretKey, {
    apiVersion: stripeApiVersion,
    httpClient: Stripe.createFetchHttpClient(routed),
    host: base.hostname,
    port: base.port || (protocol === 'http' ? 80 : 443),
    protocol,
    // POSTs always carry our own idempotency key, so the library's resends cannot act twice.
    maxNetworkRetries: 1,
    timeout: timeoutMs,
    telemetry: false,
  });
}

export async function stripeFor(deps: PaymentDeps, connection: Connection): Promise<Stripe> {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const baseUrl = connectionBaseUrl(stripeHosts, connection, deps);
  const { secretKey } = await stripeSecrets(connection, deps.secretBox);
  return createStripe(secretKey, baseUrl, deps.fetch);
}

/** WebCrypto, for the webhooks' signatures: no Node crypto. */
export const stripeCrypto = Stripe.createSubtleCryptoProvider();
export const stripeWebhooks = Stripe.webhooks;

/**
 * A library error as our ProviderError: Stripe's own 4xx "no" is `refused`; a connection
 * error, a timeout, 409 (same key in flight), 429 and 5xx leave it `unknown` (spec §10).
 */
export function providerErrorOf(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode ?? null;
    const unknown = status === null || status >= 500 || status === 409 || status === 429 || error.type === 'StripeConnectionError' || error.type === 'StripeAPIError';
    return new ProviderError('stripe', error.code ?? error.type, error.message, status, { requestId: error.requestId ?? null, param: error.param ?? null }, unknown ? 'unknown' : 'refused');
  }
  return new ProviderError('stripe', 'COMMUNICATION_FAILED', 'Stripe could not be reached.', null, { cause: String(error) }, 'unknown');
}

/** Whether an object Stripe answered belongs to the connection's mode (spec §1: refuse mismatches). */
export const livemodeFits = (connection: Pick<Connection, 'environment'>, object: { livemode?: boolean | null }): boolean =>
  object.livemode === (connection.environment === 'live');
