// A Stripe connection: the publishable key (readable), the secret or restricted key and the
// webhook endpoint's signing secret (sealed, never returned), and Stripe's one API host.
import { z } from 'zod';
import type { connections } from '../../db/schema.js';
import type { SecretBox } from '../../secret-box.js';
import type { CredentialFields } from '../credential-fields.js';
import type { ProviderHosts } from '../endpoints.js';

/** Spec §1: one host; test and live differ by key, not by host. The payment page is checkout.stripe.com. */
export const stripeHosts: ProviderHosts = {
  test: 'https://api.stripe.com',
  live: 'https://api.stripe.com',
  sandboxPath: '/sandbox/stripe',
  // Payers go to the session's `url` on Stripe's hosted Checkout page.
  pages: { test: 'https://checkout.stripe.com', live: 'https://checkout.stripe.com' },
};

export const stripeCredentialFields: CredentialFields = {
  settings: ['publishableKey'],
  secrets: ['secretKey', 'webhookSecret'],
  defaults: {},
};

export const stripeSettingsSchema = z.object({
  publishableKey: z.string(),
  baseUrl: z.string().nullable().optional(),
});

export interface StripeSecrets {
  secretKey: string;
  webhookSecret: string;
}

export async function stripeSecrets(row: typeof connections.$inferSelect, secretBox: SecretBox): Promise<StripeSecrets> {
  if (!row.sealedSecrets) throw new Error(`connection ${row.id} has no credentials`);
  return JSON.parse(await secretBox.open(row.sealedSecrets, row.tenantId)) as StripeSecrets;
}
