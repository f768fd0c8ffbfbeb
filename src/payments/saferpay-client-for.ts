// A Saferpay client for one connection, with its decrypted credentials.
import type { connections } from '../db/schema.js';
import { createSaferpayClient } from '../providers/saferpay/client.js';
import { saferpayCredentials } from '../providers/saferpay/credentials.js';
import type { PaymentDeps } from './deps.js';

export async function saferpayClientFor(deps: PaymentDeps, connection: typeof connections.$inferSelect) {
  if (!deps.secretBox) throw new Error('no secret box configured');
  const credentials = await saferpayCredentials(connection, deps.secretBox, deps.publicBaseUrl);
  return createSaferpayClient(credentials, deps);
}
