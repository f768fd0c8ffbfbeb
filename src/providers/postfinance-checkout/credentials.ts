// A PostFinance Checkout connection: space id and application user id (readable), the
// user's authentication key (sealed with the other secrets, never returned), and its hosts.
import { z } from 'zod';
import type { connections } from '../../db/schema.js';
import type { SecretBox } from '../../secret-box.js';
import type { CredentialFields } from '../credential-fields.js';
import type { ProviderHosts } from '../endpoints.js';

/**
 * Spec §2: one host, API v2.0. Test and live differ by space (a test space, a live space),
 * not by host; the transaction's authorizationEnvironment tells them apart (settle.ts).
 */
export const checkoutHosts: ProviderHosts = {
  test: 'https://checkout.postfinance.ch/api/v2.0',
  live: 'https://checkout.postfinance.ch/api/v2.0',
  sandboxPath: '/sandbox/postfinance-checkout/api/v2.0',
};

export const checkoutCredentialFields: CredentialFields = {
  settings: ['spaceId', 'userId'],
  secrets: ['authenticationKey'],
  // Spec §9.3: listeners sign only when "Enable Payload Signature And State" is on. Required
  // unless an admin says the space does not sign: an unsigned body is then a hint to re-read.
  defaults: { webhookSignatures: 'required' },
};

export const checkoutSettingsSchema = z.object({
  spaceId: z.string(),
  userId: z.string(),
  baseUrl: z.string().nullable().optional(),
});

export interface CheckoutCredentials {
  baseUrl: string;
  spaceId: string;
  userId: string;
  authenticationKey: string;
}

export async function checkoutCredentials(row: typeof connections.$inferSelect, secretBox: SecretBox, baseUrl: string): Promise<CheckoutCredentials> {
  const settings = checkoutSettingsSchema.parse(row.settings);
  if (!row.sealedSecrets) throw new Error(`connection ${row.id} has no credentials`);
  const secrets = JSON.parse(await secretBox.open(row.sealedSecrets, row.tenantId)) as { authenticationKey: string };
  return { baseUrl, spaceId: settings.spaceId, userId: settings.userId, authenticationKey: secrets.authenticationKey };
}
