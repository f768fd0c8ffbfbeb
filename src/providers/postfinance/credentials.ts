// A PostFinance connection's settings (readable) and secrets (sealed), and its hosts.
import { z } from 'zod';
import type { connections } from '../../db/schema.js';
import type { SecretBox } from '../../secret-box.js';
import type { CredentialFields } from '../credential-fields.js';
import type { ProviderHosts } from '../endpoints.js';
import type { DirectLinkCredentials } from './directlink.js';
import { hashAlgorithms } from './signature.js';

/** shared/specs/postfinance.md: DirectLink and the hosted page (form action) share the host. */
export const postfinanceHosts: ProviderHosts = {
  test: 'https://e-payment.postfinance.ch/ncol/test',
  live: 'https://e-payment.postfinance.ch/ncol/prod',
  sandboxPath: '/sandbox/postfinance',
};

export const postfinanceCredentialFields: CredentialFields = {
  settings: ['pspid', 'userId'],
  secrets: ['password', 'shaIn', 'shaOut', 'directLinkPassphrase'],
  defaults: { hashAlgorithm: 'SHA-512', mode: 'B2C' },
};

export const postfinanceSettingsSchema = z.object({
  pspid: z.string(),
  userId: z.string(),
  hashAlgorithm: z.enum(hashAlgorithms),
  mode: z.enum(['B2C', 'B2B']),
  baseUrl: z.string().nullable().optional(),
});

export interface PostFinanceSecrets {
  shaIn: string;
  shaOut: string;
  password: string;
  directLinkPassphrase: string;
}

export interface PostFinanceAccess {
  settings: z.infer<typeof postfinanceSettingsSchema>;
  secrets: PostFinanceSecrets;
}

export async function postfinanceAccess(row: typeof connections.$inferSelect, secretBox: SecretBox): Promise<PostFinanceAccess> {
  const settings = postfinanceSettingsSchema.parse(row.settings);
  if (!row.sealedSecrets) throw new Error(`connection ${row.id} has no credentials`);
  const secrets = JSON.parse(await secretBox.open(row.sealedSecrets, row.tenantId)) as PostFinanceSecrets;
  return { settings, secrets };
}

/** DirectLink credentials for calls to `baseUrl` (endpoints.ts decides it). */
export function directLinkCredentials(access: PostFinanceAccess, baseUrl: string): DirectLinkCredentials {
  return {
    baseUrl,
    pspid: access.settings.pspid,
    userId: access.settings.userId,
    password: access.secrets.password,
    passphrase: access.secrets.directLinkPassphrase,
    algorithm: access.settings.hashAlgorithm,
  };
}
