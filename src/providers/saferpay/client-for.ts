// A Saferpay client for one connection, with its decrypted credentials, calling the host
// the endpoint rules allow (official for test and live, the simulator for a sandbox).
import type { connections } from '../../db/schema.js';
import { connectionBaseUrl } from '../endpoints.js';
import { createSaferpayClient } from './client.js';
import { saferpayCredentials, saferpayHosts } from './credentials.js';
import type { PaymentDeps } from '../../payments/deps.js';

export async function saferpayClientFor(deps: PaymentDeps, connection: typeof connections.$inferSelect) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const baseUrl = connectionBaseUrl(saferpayHosts, connection, deps);
  const credentials = await saferpayCredentials(connection, deps.secretBox, baseUrl);
  return createSaferpayClient(credentials, deps);
}
