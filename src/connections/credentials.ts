// Credentials as a connection keeps them: the readable settings (ids, user names, a
// sandbox's base URL) in connections.settings, the secrets sealed together in
// sealed_secrets. A change merges the fields sent into what is kept, so rotating one
// password keeps the others; the audit learns which secret fields were sent, never a value.
import type { connections } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { baseUrlField, knownFields, missingFields, splitCredentials } from '../providers/credential-fields.js';
import { paymentAdapters } from '../providers/adapters.js';
import type { ServiceContext } from '../services/context.js';
import { type Provider, providerNames } from './rules.js';

type Connection = typeof connections.$inferSelect;
export type CredentialsInput = Record<string, string | undefined>;

export interface SealedCredentials {
  settings: Record<string, unknown>;
  sealedSecrets: string;
  /** Names of the secret fields that were sent (their values are never recorded). */
  secretsSent: string[];
}

async function openSecrets(ctx: ServiceContext, current: Connection | undefined): Promise<Record<string, string>> {
  if (!current?.sealedSecrets) return {};
  if (!ctx.secretBox) throw new Error('no secret box configured: credentials cannot be read');
  return JSON.parse(await ctx.secretBox.open(current.sealedSecrets, ctx.tenantId)) as Record<string, string>;
}

/**
 * Seals `sent` merged into `current`'s credentials (none on create). Fields of another
 * provider and a result that lacks a required field are refused, each naming the field.
 */
export async function sealCredentials(
  ctx: ServiceContext,
  provider: Provider,
  sent: CredentialsInput,
  current?: Connection,
  environment?: Connection['environment'],
): Promise<SealedCredentials> {
  if (!ctx.secretBox) throw new Error('no secret box configured: credentials cannot be stored');
  const fields = paymentAdapters[provider].credentialFields;
  const foreign = Object.keys(sent).filter((key) => !knownFields(fields).includes(key));
  if (foreign.length > 0) {
    throw new DomainError('validation_failed', `These are not ${providerNames[provider]} credentials.`, {
      errors: foreign.map((key) => ({ field: `credentials.${key}`, message: `not a field of ${provider} credentials` })),
    });
  }
  const before = { ...fields.defaults, ...((current?.settings as Record<string, unknown> | null) ?? {}) };
  const given = splitCredentials(fields, sent);
  const settings: Record<string, unknown> = { ...before, ...given.settings };
  const secrets = { ...(await openSecrets(ctx, current)), ...given.secrets };
  const missing = missingFields(fields, { ...settings, ...secrets });
  if (missing.length > 0) {
    throw new DomainError('validation_failed', `The ${providerNames[provider]} credentials lack ${missing.join(', ')}.`, {
      errors: missing.map((key) => ({ field: `credentials.${key}`, message: 'required: this payment service has none yet' })),
    });
  }
  if (environment) assertCredentialsFit(provider, environment, { ...settings, ...secrets });
  settings[baseUrlField] ??= null;
  return {
    settings,
    sealedSecrets: await ctx.secretBox.seal(JSON.stringify(secrets), ctx.tenantId),
    secretsSent: Object.keys(given.secrets),
  };
}

/**
 * Refuses credentials the provider says do not fit the environment (Stripe: a live service
 * with test keys takes no real money; a test one with live keys charges real cards).
 */
export function assertCredentialsFit(provider: Provider, environment: Connection['environment'], credentials: Record<string, unknown>): void {
  const problems = paymentAdapters[provider].credentialProblems?.(environment, credentials) ?? [];
  if (problems.length === 0) return;
  throw new DomainError('keys_wrong_mode', `These ${providerNames[provider]} keys do not fit a ${environment} payment service: ${problems.map((p) => `${p.field.replace('credentials.', '')} ${p.message}`).join(' ')}`, {
    errors: problems,
  });
}

/** For a change of environment alone: the kept credentials must fit the new one too. */
export async function assertKeptCredentialsFit(ctx: ServiceContext, current: Connection, environment: Connection['environment']): Promise<void> {
  if (!paymentAdapters[current.provider].credentialProblems || !current.sealedSecrets) return;
  assertCredentialsFit(current.provider, environment, { ...((current.settings as Record<string, unknown> | null) ?? {}), ...(await openSecrets(ctx, current)) });
}
