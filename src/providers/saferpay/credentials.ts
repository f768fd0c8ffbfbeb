// Where a Saferpay connection's API lives and how its credentials are kept: the non-secret
// parts in connections.settings, the password sealed (AES-256-GCM) in sealed_secrets.
import { z } from 'zod';
import type { connections } from '../../db/schema.js';
import type { SecretBox } from '../../secret-box.js';
import type { SaferpayCredentials } from './client.js';

export const saferpayHosts = {
  test: 'https://test.saferpay.com/api',
  live: 'https://www.saferpay.com/api',
} as const;

export const saferpaySettingsSchema = z.object({
  customerId: z.string(),
  terminalId: z.string(),
  username: z.string(),
  baseUrl: z.string().nullable().optional(),
});

export type SaferpaySettings = z.infer<typeof saferpaySettingsSchema>;

/** test and live always use Saferpay's hosts; a sandbox defaults to the built-in simulator. */
export function saferpayBaseUrl(environment: string, settings: SaferpaySettings, publicBaseUrl: string): string {
  if (environment === 'test') return saferpayHosts.test;
  if (environment === 'live') return saferpayHosts.live;
  return settings.baseUrl ?? `${publicBaseUrl}/sandbox/saferpay/api`;
}

export async function saferpayCredentials(
  row: typeof connections.$inferSelect,
  secretBox: SecretBox,
  publicBaseUrl: string,
): Promise<SaferpayCredentials> {
  const settings = saferpaySettingsSchema.parse(row.settings);
  if (!row.sealedSecrets) throw new Error(`connection ${row.id} has no credentials`);
  const secrets = JSON.parse(await secretBox.open(row.sealedSecrets, row.tenantId)) as { password: string };
  return {
    baseUrl: saferpayBaseUrl(row.environment, settings, publicBaseUrl),
    customerId: settings.customerId,
    terminalId: settings.terminalId,
    username: settings.username,
    password: secrets.password,
  };
}
