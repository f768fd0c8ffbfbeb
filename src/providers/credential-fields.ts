// How a provider's credentials split into readable settings (connections.settings) and
// sealed secrets (connections.sealed_secrets). Each provider names its fields in its own
// folder; the connection verbs split, merge and check completeness with these, for any provider.

export interface CredentialFields {
  /** Readable fields every connection of the provider needs (ids, user names). */
  settings: readonly string[];
  /** Secret fields (passwords, passphrases): sealed, never returned, never audited. */
  secrets: readonly string[];
  /** Readable fields that may be left out, with the value they then take. */
  defaults: Readonly<Record<string, string>>;
}

/** A custom simulator's address; every provider's sandbox connections may name one. */
export const baseUrlField = 'baseUrl';

export const knownFields = (fields: CredentialFields): string[] => [
  ...fields.settings,
  ...Object.keys(fields.defaults),
  ...fields.secrets,
  baseUrlField,
];

/** Splits sent (or merged) credentials into the readable and the secret part. */
export function splitCredentials(fields: CredentialFields, credentials: Record<string, string | undefined>) {
  const present = Object.entries(credentials).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const isSecret = (key: string) => fields.secrets.includes(key);
  return {
    settings: Object.fromEntries(present.filter(([key]) => !isSecret(key))),
    secrets: Object.fromEntries(present.filter(([key]) => isSecret(key))),
  };
}

/** Required fields the credentials lack, each once. */
export const missingFields = (fields: CredentialFields, credentials: Record<string, unknown>): string[] =>
  [...fields.settings, ...fields.secrets].filter((key) => credentials[key] === undefined || credentials[key] === null);
