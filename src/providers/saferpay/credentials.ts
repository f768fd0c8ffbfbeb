// Where a Saferpay connection's API lives and how its credentials are kept: the non-secret
// parts in connections.settings, the password sealed (AES-256-GCM) in sealed_secrets.
import { z } from 'zod';
import type { connections } from '../../db/schema.js';
import type { SecretBox } from '../../secret-box.js';
import type { CredentialFields } from '../credential-fields.js';
import type { ProviderHosts } from '../endpoints.js';
import type { SaferpayCredentials } from './client.js';

/** shared/specs/saferpay.md §1; the payment page (RedirectUrl) is on the same origin. */
export const saferpayHosts: ProviderHosts = {
  test: 'https://test.saferpay.com/api',
  live: 'https://www.saferpay.com/api',
  sandboxPath: '/sandbox/saferpay/api',
};

export const saferpayCredentialFields: CredentialFields = {
  settings: ['customerId', 'terminalId', 'username'],
  secrets: ['password'],
  defaults: {},
};

export const saferpaySettingsSchema = z.object({
  customerId: z.string(),
  terminalId: z.string(),
  username: z.string(),
  baseUrl: z.string().nullable().optional(),
});

export type SaferpaySettings = z.infer<typeof saferpaySettingsSchema>;

/** The credentials of one connection, for calls to `baseUrl` (endpoints.ts decides it). */
export async function saferpayCredentials(row: typeof connections.$inferSelect, secretBox: SecretBox, baseUrl: string): Promise<SaferpayCredentials> {
  const settings = saferpaySettingsSchema.parse(row.settings);
  if (!row.sealedSecrets) throw new Error(`connection ${row.id} has no credentials`);
  const secrets = JSON.parse(await secretBox.open(row.sealedSecrets, row.tenantId)) as { password: string };
  return {
    baseUrl,
    customerId: settings.customerId,
    terminalId: settings.terminalId,
    username: settings.username,
    password: secrets.password,
  };
}
