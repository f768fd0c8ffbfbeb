// Pay now → a Checkout Session in payment mode (spec §2, §11): one line of the invoice's
// open amount in minor units, our attempt as client_reference_id, the payment reference in
// the metadata of the session and of its PaymentIntent, the payer's language, our return
// URL carrying the session id, a cancel URL and an expiry. Created with the idempotency key
// `checkout:<attempt>`; the exact parameters are kept before they leave, so a create whose
// answer was lost is sent again identically and Stripe answers the same session.
import { payerReturnPaths } from '../../pay/return-paths.js';
import { and, eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { contacts, paymentAttempts, providerEvents } from '../../db/schema.js';
import type { Language } from '../../i18n.js';
import type { PaymentDeps } from '../../payments/deps.js';
import { recordProviderEvent } from '../../payments/events.js';
import { ProviderError, type StartInput } from '../types.js';
import { livemodeFits, providerErrorOf, stripeFor } from './client-for.js';

type Attempt = typeof paymentAttempts.$inferSelect;
type Connection = StartInput['connection'];

// Stripe's minimum is 30 minutes (spec §2); an hour leaves the payer time and ends well within a day.
const sessionLifetimeMs = 60 * 60_000;
const stripeLocales: Record<Language, Stripe.Checkout.SessionCreateParams.Locale> = { de: 'de', fr: 'fr', it: 'it', en: 'en' };
/** Our methods → Stripe's payment method types (API 2026-09-30 and later: a filter, spec §1). */
const stripeTypes: Record<string, Stripe.Checkout.SessionCreateParams.AllowedPaymentMethodType> = { VISA: 'card', MASTERCARD: 'card', TWINT: 'twint' };

/** TWINT on Stripe: at most CHF 5,000.00 per payment (spec §9). */
const twintMaxMinor = 500_000;

export const checkoutIdempotencyKey = (attemptId: string) => `checkout:${attemptId}`;

/** Stripe wants lowercase codes; our amounts are already minor units (zero-decimal currencies included). */
export const stripeCurrency = (currency: string) => currency.toLowerCase();

export async function startStripe(deps: PaymentDeps, input: StartInput): Promise<{ redirectUrl: string }> {
  const { attempt, connection, invoice, language, methods } = input;
  if (methods.includes('TWINT') && attempt.amount > twintMaxMinor) {
    // NO_CONTRACT takes the TWINT button off this invoice's page; the cards stay.
    throw new ProviderError('stripe', 'NO_CONTRACT', 'TWINT on Stripe takes at most CHF 5,000.00 per payment.', null);
  }
  const types = [...new Set(methods.map((m) => stripeTypes[m]).filter((t) => t !== undefined))];
  if (types.length === 0) throw new ProviderError('stripe', 'NO_CONTRACT', `Stripe offers none of ${methods.join(', ')} here.`, null);
  const [contact] = await deps.db.select().from(contacts).where(eq(contacts.id, invoice.contactId));
  // Whole seconds, as Stripe keeps it: the attempt ends when the session does.
  const expiresAt = new Date(Math.floor((deps.now().getTime() + sessionLifetimeMs) / 1000) * 1000);
  const back = `${deps.publicBaseUrl}${payerReturnPaths.current}/${attempt.secret}`;
  const metadata = { attemptId: attempt.id, invoiceId: invoice.id, paymentReference: attempt.orderId };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: { currency: stripeCurrency(attempt.currency), unit_amount: attempt.amount, product_data: { name: `Rechnung ${invoice.number ?? ''}`.trim() } },
      },
    ],
    allowed_payment_method_types: types,
    client_reference_id: attempt.id,
    metadata,
    payment_intent_data: { metadata, description: `Invoice ${invoice.number ?? ''} ${attempt.orderId}`.trim().slice(0, 1000) },
    locale: stripeLocales[language],
    ...(contact?.email ? { customer_email: contact.email } : {}),
    // Stripe puts the session id in place of the literal {CHECKOUT_SESSION_ID} (spec §2).
    success_url: `${back}?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${back}?cancelled=1`,
    expires_at: Math.floor(expiresAt.getTime() / 1000),
  };
  // Kept before anything leaves: a retry must send exactly these values under the same key.
  await deps.db.transaction(async (tx) => {
    await tx.update(paymentAttempts).set({ expiresAt, updatedAt: deps.now() }).where(eq(paymentAttempts.id, attempt.id));
    // As text: a jsonb object would come back with its keys reordered, and a resend must be the same request.
    await recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'stripe', kind: 'create:request', reference: attempt.id, payload: { params: JSON.stringify(params) } });
  });
  const session = await createSession(deps, connection, attempt, params);
  return { redirectUrl: await keepSession(deps, attempt, connection, session) };
}

async function createSession(deps: PaymentDeps, connection: Connection, attempt: Attempt, params: Stripe.Checkout.SessionCreateParams) {
  const stripe = await stripeFor(deps, connection);
  try {
    return await stripe.checkout.sessions.create(params, { idempotencyKey: checkoutIdempotencyKey(attempt.id) });
  } catch (error) {
    throw providerErrorOf(error);
  }
}

/** Keeps the session's id (and where the payer goes) on the attempt; refuses a session of the other mode. */
async function keepSession(deps: PaymentDeps, attempt: Attempt, connection: Connection, session: Stripe.Checkout.Session): Promise<string> {
  if (!livemodeFits(connection, session) || session.client_reference_id !== attempt.id) {
    throw new ProviderError('stripe', 'LIVEMODE_MISMATCH', `Stripe answered session ${session.id} (livemode ${session.livemode}) that is not this ${connection.environment} attempt's.`, null);
  }
  await deps.db.transaction(async (tx) => {
    await tx
      .update(paymentAttempts)
      .set({ providerToken: session.id, redirectUrl: session.url ?? null, updatedAt: deps.now() })
      .where(eq(paymentAttempts.id, attempt.id));
    await recordProviderEvent(tx, { tenantId: attempt.tenantId, attemptId: attempt.id, provider: 'stripe', kind: 'create', reference: session.id, payload: session });
  });
  if (!session.url) throw new ProviderError('stripe', 'NO_URL', `Stripe's session ${session.id} has no page URL (it is ${session.status}).`, null);
  return session.url;
}

/**
 * For an attempt whose create answer never came: the same parameters under the same key
 * again. Stripe answers the session it made then, or makes it now (then it was never made);
 * null when the parameters were never kept (nothing was sent).
 */
export async function recoverSession(deps: PaymentDeps, attempt: Attempt, connection: Connection): Promise<Stripe.Checkout.Session | null> {
  const [request] = await deps.db
    .select({ payload: providerEvents.payload })
    .from(providerEvents)
    .where(and(eq(providerEvents.provider, 'stripe'), eq(providerEvents.kind, 'create:request'), eq(providerEvents.reference, attempt.id)));
  if (!request) return null;
  const params = JSON.parse(String((request.payload as { params?: unknown }).params)) as Stripe.Checkout.SessionCreateParams;
  const session = await createSession(deps, connection, attempt, params);
  await keepSession(deps, attempt, connection, session);
  return session;
}
