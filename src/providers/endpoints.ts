// Where a connection's provider calls go, and where a payer may be sent. Test and live use
// the provider's official hosts, fixed in code; a sandbox connection (and the base URL of
// another simulator it may name) is used only while this server runs the simulators
// (AppDeps.sandbox). So in production no request, and no payer, goes to a host an admin chose.
import type { connections } from '../db/schema.js';
import { ProviderError } from './types.js';

type Connection = Pick<typeof connections.$inferSelect, 'provider' | 'environment' | 'settings'>;

/** A provider's hosts, kept in its own folder (credentials module) and named by its adapter. */
export interface ProviderHosts {
  /** API base URLs of the official environments. Their origins are also the payment page hosts. */
  test: string;
  live: string;
  /** Where the built-in simulator's API answers, under this service's own origin. */
  sandboxPath: string;
  /** Where the payment page lives when its host is not the API's (Stripe: checkout.stripe.com). */
  pages?: { test: string; live: string };
}

/** The origin payers are sent to in an official environment. */
export const pageHost = (hosts: ProviderHosts, environment: 'test' | 'live'): string => hosts.pages?.[environment] ?? hosts[environment];

/** What the endpoint rules need from the deps: our origin, and whether the simulators run. */
export interface EndpointContext {
  publicBaseUrl: string;
  sandboxEnabled: boolean;
}

/** A sandbox connection is usable only while the simulators run; test and live always are. */
export const usableNow = (connection: Pick<Connection, 'environment'>, sandboxEnabled: boolean): boolean =>
  connection.environment !== 'sandbox' || sandboxEnabled;

function customBaseUrl(connection: Connection): string | null {
  const value = (connection.settings as { baseUrl?: unknown } | null)?.baseUrl;
  return typeof value === 'string' && value !== '' ? value.replace(/\/+$/, '') : null;
}

/**
 * The base URL of every call for this connection. Throws, before anything leaves, for a
 * sandbox connection while the simulators are off (nothing was sent: `refused`).
 */
export function connectionBaseUrl(hosts: ProviderHosts, connection: Connection, context: EndpointContext): string {
  if (connection.environment === 'test') return hosts.test;
  if (connection.environment === 'live') return hosts.live;
  if (!context.sandboxEnabled) {
    throw new ProviderError(connection.provider, 'SANDBOX_DISABLED', 'The sandbox is off on this server; sandbox payment services are not used.', null);
  }
  return customBaseUrl(connection) ?? `${context.publicBaseUrl}${hosts.sandboxPath}`;
}

/**
 * Whether the payer's browser may be sent to `url` (a RedirectUrl a provider answered, a
 * hosted form's action): only to the official host of the connection's environment, or, for
 * a sandbox connection while the simulators run, to the simulator it calls.
 */
export function payerUrlAllowed(hosts: ProviderHosts, connection: Connection, context: EndpointContext, url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  const allowed =
    connection.environment === 'sandbox'
      ? usableNow(connection, context.sandboxEnabled)
        ? [context.publicBaseUrl, customBaseUrl(connection) ?? context.publicBaseUrl]
        : []
      : [pageHost(hosts, connection.environment)];
  return allowed.some((base) => URL.canParse(base) && new URL(base).origin === target.origin);
}
