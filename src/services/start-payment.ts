// The payer pressed a method on the online invoice: in one transaction the invoice is locked,
// the provider's rules are checked and a payment attempt for the open amount is created;
// after the commit (no provider call inside a held transaction) the provider's adapter says
// where the payer goes: a redirect (Saferpay) or a self-submitting form (SwissBilling).
//
// Pressing the same method again reuses the open attempt nobody acted on yet (no second
// session at the provider); a new attempt counts against the limits per client address and
// per invoice (rate-limit/limits.ts), inside the same transaction, so a refused request
// counts nothing and concurrent ones cannot slip past the count.
import { and, eq, isNull } from 'drizzle-orm';
import { randomToken } from '../crypto.js';
import { connections, invoicePaymentServices, invoices, payLinks, paymentAttempts, tenants } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { addressKey } from '../http/client-address.js';
import type { Language } from '../i18n.js';
import type { PaymentDeps } from '../payments/deps.js';
import { paymentAdapters } from '../providers/adapters.js';
import { payerUrlAllowed } from '../providers/endpoints.js';
import { providerNames } from '../connections/rules.js';
import { loadOfferedChoices } from '../payments/offered-choices.js';
import { findReusableAttempt } from '../payments/reusable-attempt.js';
import { enforceLimit } from '../rate-limit/counter.js';
import { attemptsPerAddress, attemptsPerInvoice } from '../rate-limit/limits.js';
import { type PayChoice, type PaymentAdapter, type PaymentStart, ProviderError, isPayChoice } from '../providers/types.js';
import { recordPaymentFailed } from '../webhooks/payment-failed.js';

export interface StartPaymentInput {
  token: string;
  /** `<connection id>:<CARD|TWINT|SWISSBILLING>` as the page's button sends it. */
  option: string;
  language: Language;
  /** Who is asking, for the limit on new attempts per client address. */
  clientAddress: string;
}

/** A connection id the database can compare: anything else (a forged button) is offered nowhere. */
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startPayment(deps: PaymentDeps, input: StartPaymentInput): Promise<PaymentStart> {
  const [given, choice] = input.option.split(':');
  const connectionId = given && uuidPattern.test(given) ? given : null;
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
    const [attached] = connectionId
      ? await tx
          .select({ connection: connections })
          .from(invoicePaymentServices)
          .innerJoin(connections, eq(connections.id, invoicePaymentServices.connectionId))
          .where(and(eq(invoicePaymentServices.invoiceId, invoice.id), eq(connections.id, connectionId)))
      : [];
    const connection = attached?.connection;
    const adapter = connection && paymentAdapters[connection.provider];
    const methods = isPayChoice(choice) ? adapter?.choices[choice] : undefined;
    if (!connection || !adapter || !isPayChoice(choice) || !methods?.some((m) => connection.methods.includes(m))) {
      throw new DomainError('validation_failed', 'This payment method is not offered for this invoice.', {
        errors: [{ field: 'option', message: 'not one of the offered methods' }],
      });
    }
    if (!connection.sealedSecrets) {
      throw new DomainError('method_unavailable', 'This payment service has no provider credentials yet.');
    }
    // The page the payer pressed may be older than a NO_CONTRACT answer (or the sandbox's end), or forged.
    const offered = (await loadOfferedChoices(tx, invoice, deps.sandboxEnabled)).find((o) => o.connectionId === connection.id && o.choice === choice);
    if (!offered) throw notOffered(choice, invoice.currency, connection.environment);
    const refusal = await adapter.refusal(tx, { invoice, connection });
    const now = deps.now();
    const base = { adapter, connection, invoice, tenant, refusal, methods: offered.methods, choice };
    if (!refusal) {
      const query = { invoiceId: invoice.id, connectionId: connection.id, method: choice, amount: open, currency: invoice.currency, adapter, now };
      const reusable = await findReusableAttempt(tx, query);
      if (reusable) return { ...base, attempt: reusable, reused: true };
    }
    await enforceLimit(tx, attemptsPerAddress, addressKey(input.clientAddress), now, 'Too many payment attempts came from your address.');
    await enforceLimit(tx, attemptsPerInvoice, invoice.id, now, 'Too many payment attempts were started for this invoice.');
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
        orderId: adapter.orderId(invoice),
        language: input.language,
        // A refused attempt is kept, so the accountant sees on the invoice why the payer could not pay.
        ...(refusal ? { state: 'failed' as const, failureReason: refusal.reason } : {}),
      })
      .returning();
    if (!attempt) throw new Error('attempt insert returned nothing');
    return { ...base, attempt, reused: false };
  });

  const { attempt, adapter, connection, invoice, tenant, refusal, methods, choice: chosen } = created;
  if (refusal) throw new DomainError('payment_refused', refusal.reason, { rules: refusal.rules });
  if (created.reused) {
    deps.logger.info('payment attempt reused', { attemptId: attempt.id });
    return adapter.reopen(deps, { attempt, connection, invoice, tenant, language: input.language, methods });
  }
  try {
    const started = await adapter.start(deps, { attempt, connection, invoice, tenant, language: input.language, methods });
    return checkedDestination(deps, adapter, connection, started);
  } catch (error) {
    const code = error instanceof ProviderError ? error.providerCode : null;
    // NO_CONTRACT is permanent: the attempt keeps the code, which takes the button off this invoice.
    const reason =
      code === 'NO_CONTRACT'
        ? `${providerNames[connection.provider]} has no contract for ${methods.join(' or ')} in ${attempt.currency}.`
        : error instanceof ProviderError
          ? `${error.providerCode}: ${error.userMessage}`
          : String(error);
    await deps.db.transaction(async (tx) => {
      await tx
        .update(paymentAttempts)
        .set({ state: 'failed', failureReason: reason, failureCode: code, updatedAt: deps.now() })
        .where(eq(paymentAttempts.id, attempt.id));
      await recordPaymentFailed(tx, attempt, { code, reason, now: deps.now() });
    });
    deps.logger.warn('payment could not start', { attemptId: attempt.id, reason });
    if (code === 'NO_CONTRACT') throw notOffered(chosen, attempt.currency, connection.environment);
    throw new DomainError('provider_unavailable', 'The payment provider could not start the payment.', { reason });
  }
}

/**
 * The payer is sent only to the provider's own page host (or the simulator in sandbox mode):
 * an answer naming another host, from a compromised or impostor endpoint, is not followed.
 */
function checkedDestination(deps: PaymentDeps, adapter: PaymentAdapter, connection: Parameters<typeof payerUrlAllowed>[1], started: PaymentStart): PaymentStart {
  const url = 'redirectUrl' in started ? started.redirectUrl : started.form.action;
  if (payerUrlAllowed(adapter.hosts, connection, deps, url)) return started;
  const origin = URL.canParse(url) ? new URL(url).origin : 'an address that is no URL';
  throw new ProviderError(connection.provider, 'REDIRECT_REFUSED', `The provider sent the payer to ${origin}, which is not its payment page host.`, null);
}

/** The payer's page says so in their language and offers what remains (routes/pay.tsx). */
function notOffered(choice: PayChoice, currency: string, environment: string) {
  return new DomainError('payment_refused', `${choice} is not available for this invoice in ${currency}.`, {
    unavailableChoice: choice,
    environment,
    rules: [],
  });
}
