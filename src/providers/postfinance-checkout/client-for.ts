// A PostFinance Checkout client for one connection, with its opened credentials, calling the
// host the endpoint rules allow (the official API for test and live, the simulator for a sandbox).
import type { connections } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { connectionBaseUrl } from '../endpoints.js';
import { createCheckoutClient } from './client.js';
import { checkoutCredentials, checkoutHosts } from './credentials.js';

export async function checkoutClientFor(deps: PaymentDeps, connection: typeof connections.$inferSelect) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const baseUrl = connectionBaseUrl(checkoutHosts, connection, deps);
  return createCheckoutClient(await checkoutCredentials(connection, deps.secretBox, baseUrl), deps, deps.now);
}
