// Inside the attempt's transaction: SwissBilling's rules are checked before anything leaves.
// A refused attempt is kept (failed, with the rules) so the accountant sees why on the invoice.
import { asc, eq } from 'drizzle-orm';
import { randomToken } from '../crypto.js';
import type { Tx } from '../db/client.js';
import { type connections, contacts, invoiceLines, type invoices, paymentAttempts } from '../db/schema.js';
import type { Language } from '../i18n.js';
import { postfinanceSettingsSchema } from '../providers/postfinance/credentials.js';
import { type SwissBillingRule, swissBillingViolations } from '../providers/postfinance/swissbilling.js';
import type { PaymentDeps } from './deps.js';
import { swissBillingInvoice } from './swissbilling-form.js';

const ruleWords: Record<SwissBillingRule, string> = {
  currency_chf: 'the invoice is not in CHF',
  country_ch_li: 'the billing address is outside Switzerland and Liechtenstein',
  names_required: 'the contact lacks a first or last name',
  company_required: 'the contact lacks a company name (B2B)',
  street_number_required: 'the address lacks a house number',
  price_positive: 'a line has no price above zero',
  email_required: 'the contact has no e-mail address',
};

export async function prepareSwissBilling(
  deps: PaymentDeps,
  tx: Tx,
  input: { invoice: typeof invoices.$inferSelect; connection: typeof connections.$inferSelect; language: Language },
) {
  const { invoice, connection } = input;
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, invoice.contactId));
  const lines = await tx.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
  const billing = swissBillingInvoice(invoice, contact!, lines);
  const mode = postfinanceSettingsSchema.safeParse(connection.settings).data?.mode ?? 'B2C';
  const rules = swissBillingViolations(billing, mode);
  const base = {
    tenantId: invoice.tenantId,
    invoiceId: invoice.id,
    connectionId: connection.id,
    provider: 'postfinance' as const,
    method: 'SWISSBILLING',
    amount: billing.total,
    currency: invoice.currency,
    secret: randomToken(20),
    language: input.language,
  };
  const suffix = randomToken(6).replace(/[^A-Za-z0-9]/g, '0').slice(0, 6).toUpperCase();
  // A new ORDERID per attempt: the platform refuses a second payment on the same order.
  const orderId = `${invoice.paymentReference ?? invoice.id.slice(0, 20)}-${suffix}`;
  if (rules.length > 0) {
    const reason = `Pay by invoice refused before sending: ${rules.map((rule) => ruleWords[rule]).join('; ')}.`;
    await tx.insert(paymentAttempts).values({ ...base, orderId, state: 'failed', failureReason: reason });
    return { kind: 'refused' as const, rules, reason };
  }
  const [attempt] = await tx.insert(paymentAttempts).values({ ...base, orderId }).returning();
  deps.logger.debug('swissbilling attempt', { attemptId: attempt!.id });
  return { kind: 'ready' as const, attempt: attempt!, connection, invoice: billing, language: input.language };
}
