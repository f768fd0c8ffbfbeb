// A PostFinance connection's settings (readable) and secrets (sealed), and its hosts.
import { z } from 'zod';
import type { connections } from '../../db/schema.js';
import type { SecretBox } from '../../secret-box.js';
import type { DirectLinkCredentials } from './directlink.js';
import { hashAlgorithms } from './signature.js';

export const postfinanceHosts = {
  test: 'https://e-payment.postfinance.ch/ncol/test',
  live: 'https://e-payment.postfinance.ch/ncol/prod',
} as const;

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
  baseUrl: string;
}

export function postfinanceBaseUrl(environment: string, baseUrl: string | null | undefined, publicBaseUrl: string): string {
  if (environment === 'test') return postfinanceHosts.test;
  if (environment === 'live') return postfinanceHosts.live;
  return baseUrl ?? `${publicBaseUrl}/sandbox/postfinance`;
}

export async function postfinanceAccess(row: typeof connections.$inferSelect, secretBox: SecretBox, publicBaseUrl: string): Promise<PostFinanceAccess> {
  const settings = postfinanceSettingsSchema.parse(row.settings);
  if (!row.sealedSecrets) throw new Error(`connection ${row.id} has no credentials`);
  const secrets = JSON.parse(await secretBox.open(row.sealedSecrets, row.tenantId)) as PostFinanceSecrets;
  return { settings, secrets, baseUrl: postfinanceBaseUrl(row.environment, settings.baseUrl, publicBaseUrl) };
}

export function directLinkCredentials(access: PostFinanceAccess): DirectLinkCredentials {
  return {
    baseUrl: access.baseUrl,
    pspid: access.settings.pspid,
    userId: access.settings.userId,
    password: access.secrets.password,
    passphrase: access.secrets.directLinkPassphrase,
    algorithm: access.settings.hashAlgorithm,
  };
}
