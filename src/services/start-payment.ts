// The payer pressed a method on the online invoice: a payment attempt is created for the
// open amount, then Saferpay's payment page is initialised (after the commit: no provider
// call inside a held transaction), and the payer is sent there.
import { and, eq, isNull } from 'drizzle-orm';
import { randomToken } from '../crypto.js';
import { connections, invoicePaymentServices, invoices, payLinks, paymentAttempts, tenants } from '../db/schema.js';
import { DomainError } from '../errors.js';
import type { Language } from '../i18n.js';
import { fill } from '../i18n.js';
import type { PaymentDeps } from '../payments/deps.js';
import { recordProviderEvent } from '../payments/events.js';
import { saferpayClientFor } from '../payments/saferpay-client-for.js';
import { pageTexts } from '../pay/texts.js';
import { ProviderError } from '../providers/types.js';
import { prepareSwissBilling } from '../payments/prepare-swissbilling.js';
import { swissBillingForm } from '../payments/swissbilling-form.js';

const saferpayMethods: Record<string, string[]> = { CARD: ['VISA', 'MASTERCARD'], TWINT: ['TWINT'] };

export interface StartPaymentInput {
  token: string;
  /** `<connection id>:<CARD|TWINT|SWISSBILLING>` as the page's button sends it. */
  option: string;
  language: Language;
}

export type PaymentStart = { redirectUrl: string } | { form: { action: string; fields: Record<string, string> } };

export async function startPayment(deps: PaymentDeps, input: StartPaymentInput): Promise<PaymentStart> {
  const [connectionId, choice] = input.option.split(':');
  const created = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ invoice: invoices, tenant: tenants })
      .from(payLinks)
      .innerJoin(invoices, eq(invoices.id, payLinks.invoiceId))
      .innerJoin(tenants, eq(tenants.id, invoices.tenantId))
      .where(and(eq(payLinks.token, input.token), isNull(payLinks.revokedAt)))
      .for('update', { of: invoices });
    if (!row) throw new DomainError('not_found', 'The invoice was not found.');
    const { invoice, tenant } = row;
    const open = invoice.total - invoice.paidAmount;
    if (!['sent', 'partially_paid'].includes(invoice.status) || open <= 0) {
      throw new DomainError('invoice_not_payable', `Invoice ${invoice.number} has nothing left to pay.`);
    }
    const [attached] = await tx
      .select({ connection: connections })
      .from(invoicePaymentServices)
      .innerJoin(connections, eq(connections.id, invoicePaymentServices.connectionId))
      .where(and(eq(invoicePaymentServices.invoiceId, invoice.id), eq(connections.id, connectionId ?? '')));
    const connection = attached?.connection;
    if (!connection || !connection.currencies.includes(invoice.currency) || !choice) {
      throw new DomainError('validation_failed', 'This payment method is not offered for this invoice.', {
        errors: [{ field: 'option', message: 'not one of the offered methods' }],
      });
    }
    if (!connection.sealedSecrets) {
      throw new DomainError('method_unavailable', 'This payment service has no provider credentials yet.');
    }
    if (connection.provider === 'postfinance' && choice === 'SWISSBILLING') {
      return { kind: 'swissbilling' as const, prepared: await prepareSwissBilling(deps, tx, { invoice, connection, language: input.language }) };
    }
    if (connection.provider !== 'saferpay' || !saferpayMethods[choice]) {
      throw new DomainError('method_unavailable', 'This payment method cannot be used yet.');
    }
    const [attempt] = await tx
      .insert(paymentAttempts)
      .values({
        tenantId: invoice.tenantId,
        invoiceId: invoice.id,
        connectionId: connection.id,
        provider: connection.provider,
        method: choice,
        amount: open,
        currency: invoice.currency,
        secret: randomToken(20),
        orderId: invoice.paymentReference ?? invoice.id,
        language: input.language,
      })
      .returning();
    if (!attempt) throw new Error('attempt insert returned nothing');
    return { kind: 'saferpay' as const, attempt, connection, invoice, tenant };
  });

  if (created.kind === 'swissbilling') {
    const { prepared } = created;
    if (prepared.kind === 'refused') {
      throw new DomainError('swissbilling_refused', prepared.reason, { rules: prepared.rules });
    }
    return { form: await swissBillingForm(deps, prepared) };
  }
  const { attempt, connection, invoice, tenant } = created;
  const t = pageTexts(input.language);
  const callback = `${deps.publicBaseUrl}/callbacks/saferpay/${attempt.secret}`;
  try {
    const client = await saferpayClientFor(deps, connection);
    const page = await client.initialize({
      amount: attempt.amount,
      currency: attempt.currency,
      orderId: attempt.orderId,
      description: fill(t.htmlTitle, { number: invoice.number ?? '', creditor: tenant.name }),
      paymentMethods: saferpayMethods[attempt.method]!,
      language: input.language,
      returnUrl: `${deps.publicBaseUrl}/pay/return/${attempt.secret}`,
      successNotifyUrl: callback,
      failNotifyUrl: callback,
    });
    await deps.db.transaction(async (tx) => {
      await tx
        .update(paymentAttempts)
        .set({ providerToken: page.Token, expiresAt: new Date(page.Expiration), updatedAt: deps.now() })
        .where(eq(paymentAttempts.id, attempt.id));
      await recordProviderEvent(tx, {
        tenantId: attempt.tenantId,
        attemptId: attempt.id,
        provider: 'saferpay',
        kind: 'initialize',
        reference: page.Token,
        payload: page,
      });
    });
    return { redirectUrl: page.RedirectUrl };
  } catch (error) {
    const reason = error instanceof ProviderError ? `${error.providerCode}: ${error.userMessage}` : String(error);
    await deps.db
      .update(paymentAttempts)
      .set({ state: 'failed', failureReason: reason, updatedAt: deps.now() })
      .where(eq(paymentAttempts.id, attempt.id));
    deps.logger.warn('payment could not start', { attemptId: attempt.id, reason });
    throw new DomainError('provider_unavailable', 'The payment provider could not start the payment.', { reason });
  }
}
