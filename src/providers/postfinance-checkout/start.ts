// Pay now → a transaction on the platform (spec §4, §14): the open amount as line items that
// add up exactly to it, the payment reference as merchant reference, our attempt in metaData,
// the payer's language, our return URL for success and failure, and only the method
// configurations behind the button pressed. Creating is not idempotent at the platform: when
// its answer is lost, a search by merchant reference finds the transaction before a new one
// is created. Its id is kept before the payer is sent anywhere.
import { asc, eq } from 'drizzle-orm';
import { contacts, invoiceLines, paymentAttempts } from '../../db/schema.js';
import type { Language } from '../../i18n.js';
import { computeInvoiceTotals, vatRateFromBp } from '../../invoices/totals.js';
import { payerReturnPaths } from '../../pay/return-paths.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { recordProviderEvent } from '../../payments/events.js';
import { ProviderError, type StartInput, outcomeUnknown } from '../types.js';
import type { CheckoutClient } from './client.js';
import { checkoutClientFor } from './client-for.js';
import { methodOfConfiguration } from './methods.js';
import { decimal } from './money.js';
import type { CheckoutTransaction } from './schemas.js';

// The spec's examples; the full list of supported tags is UNCONFIRMED, these four are the Swiss ones.
const platformLanguages: Record<Language, string> = { de: 'de-CH', fr: 'fr-CH', it: 'it-CH', en: 'en-US' };
// How long we send payers back to the same transaction. The platform's own authorisation
// timeout is UNCONFIRMED (spec §5): an hour is short enough to stay within any sensible one.
const pageLifetimeMs = 60 * 60_000;

async function lineItems(deps: PaymentDeps, { attempt, invoice }: Pick<StartInput, 'attempt' | 'invoice'>) {
  const name = `Rechnung ${invoice.number ?? ''}`.trim();
  const single = [{ uniqueId: `attempt-${attempt.id}`, name, type: 'PRODUCT', quantity: 1, amountIncludingTax: decimal(attempt.amount, attempt.currency) }];
  if (invoice.paidAmount > 0) return single;
  const lines = await deps.db.select().from(invoiceLines).where(eq(invoiceLines.invoiceId, invoice.id)).orderBy(asc(invoiceLines.position));
  const totals = computeInvoiceTotals(lines, invoice.currency);
  // Per VAT rate, gross; a 5-Rappen rounding would need a line of its own whose tax treatment
  // at the platform is UNCONFIRMED, so such an invoice goes as one line of the open amount.
  if (totals.roundingAmount !== 0 || totals.total !== attempt.amount) return single;
  return totals.vatGroups
    .filter((group) => group.netAmount + group.vatAmount !== 0)
    .map((group) => ({
      uniqueId: `vat-${group.vatRateBp}`,
      name: `${name} (MWST ${vatRateFromBp(group.vatRateBp)} %)`.slice(0, 150),
      type: 'PRODUCT',
      quantity: 1,
      amountIncludingTax: decimal(group.netAmount + group.vatAmount, invoice.currency),
      taxes: [{ title: 'MWST', rate: vatRateFromBp(group.vatRateBp) }],
    }));
}

const ownTransaction = (attemptId: string) => (transaction: CheckoutTransaction) =>
  (transaction.metaData as Record<string, unknown> | undefined)?.attemptId === attemptId;

/** The attempt's transaction, if a create whose answer was lost made one. */
export async function findCreated(client: CheckoutClient, attempt: { id: string; orderId: string }) {
  return (await client.transactionsByReference(attempt.orderId)).find(ownTransaction(attempt.id)) ?? null;
}

async function createOnce(client: CheckoutClient, attempt: StartInput['attempt'], body: Record<string, unknown>) {
  try {
    return await client.createTransaction(body);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    const found = await findCreated(client, attempt);
    return found ?? client.createTransaction(body);
  }
}

export async function startCheckout(deps: PaymentDeps, input: StartInput): Promise<{ redirectUrl: string }> {
  const { attempt, connection, invoice, language, methods } = input;
  const client = await checkoutClientFor(deps, connection);
  const configurations = (await client.methodConfigurations()).filter((c) => {
    const method = methodOfConfiguration(c);
    return method !== null && methods.includes(method) && (c.state ?? 'ACTIVE') === 'ACTIVE';
  });
  if (configurations.length === 0) {
    throw new ProviderError('postfinance-checkout', 'NO_CONTRACT', `The space offers none of ${methods.join(', ')}.`, null);
  }
  const [contact] = await deps.db.select().from(contacts).where(eq(contacts.id, invoice.contactId));
  const back = `${deps.publicBaseUrl}${payerReturnPaths.current}/${attempt.secret}`;
  const body = {
    currency: attempt.currency,
    language: platformLanguages[language],
    merchantReference: attempt.orderId.slice(0, 100),
    invoiceMerchantReference: (invoice.number ?? '').slice(0, 100) || undefined,
    customerEmailAddress: contact?.email.slice(0, 254) || undefined,
    customerId: invoice.contactId,
    completionBehavior: 'COMPLETE_IMMEDIATELY',
    environmentSelectionStrategy: connection.environment === 'live' ? 'FORCE_PRODUCTION_ENVIRONMENT' : 'FORCE_TEST_ENVIRONMENT',
    successUrl: back,
    failedUrl: back,
    metaData: { attemptId: attempt.id, invoiceId: invoice.id, tenantId: attempt.tenantId },
    allowedPaymentMethodConfigurations: configurations.map((c) => Number(c.id)),
    lineItems: await lineItems(deps, input),
  };
  const transaction = await createOnce(client, attempt, body);
  await deps.db.transaction(async (tx) => {
    await tx.update(paymentAttempts).set({ providerToken: transaction.id, updatedAt: deps.now() }).where(eq(paymentAttempts.id, attempt.id));
    await recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'postfinance-checkout', kind: 'create', reference: transaction.id, payload: transaction });
  });
  const redirectUrl = await client.paymentPageUrl(transaction.id);
  await deps.db
    .update(paymentAttempts)
    .set({ redirectUrl, expiresAt: new Date(deps.now().getTime() + pageLifetimeMs), updatedAt: deps.now() })
    .where(eq(paymentAttempts.id, attempt.id));
  return { redirectUrl };
}
