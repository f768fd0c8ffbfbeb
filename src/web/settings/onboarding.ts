// How a provider's credentials are asked for, step by step, in the order of the provider's
// own onboarding; and which of the API's credential schemas checks them. Everything comes
// from the adapter's credential field list and the API's schemas: a provider without a
// step list here still gets one step with all its fields, and its texts name them.
import { z } from 'zod';
import { type Provider, providers } from '../../connections/rules.js';
import { knownFields } from '../../providers/credential-fields.js';
import { paymentAdapters } from '../../providers/adapters.js';
import { connectionCreateSchema } from '../../routes/connections.js';

/** The order of each provider's own back office (shared/specs): where each field is created. */
const stepOrder: Partial<Record<Provider, readonly (readonly string[])[]>> = {
  // Saferpay Backoffice: the customer and terminal ids first, then a JSON API user for them.
  saferpay: [
    ['customerId', 'terminalId'],
    ['username', 'password'],
  ],
  // PostFinance back office: the PSPID, the two passphrases of the hosted page, then the API user.
  postfinance: [['pspid', 'mode'], ['shaIn', 'shaOut', 'hashAlgorithm'], ['userId', 'password', 'directLinkPassphrase']],
  // PostFinance Checkout: the space first, then an application user with a role on it.
  'postfinance-checkout': [['spaceId'], ['userId', 'authenticationKey', 'webhookSignatures']],
  // Stripe Dashboard: the API keys first, then the webhook endpoint and its signing secret.
  stripe: [['publishableKey', 'secretKey'], ['webhookSecret']],
};

export const isProvider = (value: string): value is Provider => (providers as readonly string[]).includes(value);

/** The steps of a provider's credentials; fields no step names come last, so none is ever left out. */
export function onboardingSteps(provider: Provider): string[][] {
  const fields = paymentAdapters[provider].credentialFields;
  const wanted = [...fields.settings, ...fields.secrets, ...Object.keys(fields.defaults)];
  const steps = (stepOrder[provider] ?? []).map((step) => step.filter((field) => wanted.includes(field)));
  const rest = wanted.filter((field) => !steps.flat().includes(field));
  return [...steps, ...(rest.length > 0 ? [rest] : [])].filter((step) => step.length > 0);
}

export const isSecretField = (provider: Provider, field: string) => paymentAdapters[provider].credentialFields.secrets.includes(field);

export const defaultOf = (provider: Provider, field: string): string | undefined => paymentAdapters[provider].credentialFields.defaults[field];

type CredentialsSchema = z.ZodObject<Record<string, z.ZodType>>;

/** The API's credentials schema of this provider: the member of its union that knows the provider's fields. */
export function credentialsSchemaOf(provider: Provider): CredentialsSchema {
  const union = connectionCreateSchema.shape.credentials.unwrap();
  const wanted = knownFields(paymentAdapters[provider].credentialFields);
  const schema = (union.options as unknown as CredentialsSchema[]).find((option) => wanted.every((field) => field in option.shape));
  if (!schema) throw new Error(`no credentials schema in the API knows the fields of ${provider}`);
  return schema;
}

/** The values a field may take when its schema lists them (an enum), for a select. */
export function choicesOf(provider: Provider, field: string): readonly string[] | null {
  let schema = credentialsSchemaOf(provider).shape[field];
  while (schema && schema.def.type === 'optional') schema = (schema as z.ZodOptional<z.ZodType>).unwrap();
  return schema instanceof z.ZodEnum ? (schema.options as string[]) : null;
}
