// What every payment provider adapter offers the services, and the normalised vocabulary
// of what a provider said. Saferpay and PostFinance map their own states onto it.
import type { Provider } from '../connections/rules.js';
import type { Tx } from '../db/client.js';
import type { connections, invoices, paymentAttempts, refunds, tenants } from '../db/schema.js';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/env.js';
import type { Language } from '../i18n.js';
import type { PaymentDeps } from '../payments/deps.js';
import type { CredentialFields } from './credential-fields.js';
import type { ProviderHosts } from './endpoints.js';

/**
 * A provider error a person can read, with the provider's own name for it. `refused`: the
 * provider answered that it did not do it. `unknown`: no usable answer came back (a timeout,
 * a reset connection, a 5xx, an answer we could not read), so the provider may have done it;
 * only its own record (Assert, Inquire, querydirect) can tell, never a guess.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: Provider,
    readonly providerCode: string,
    readonly userMessage: string,
    readonly httpStatus: number | null,
    readonly details: Record<string, unknown> = {},
    readonly outcome: 'refused' | 'unknown' = 'refused',
  ) {
    super(`${provider} ${providerCode}: ${userMessage}`);
    this.name = 'ProviderError';
  }
}

/** Whether a failed call may still have happened at the provider: anything but its own "no" may have. */
export const outcomeUnknown = (error: unknown): boolean => !(error instanceof ProviderError) || error.outcome === 'unknown';

/** What a refund came to, as far as the provider's answers or its record tell. */
export type RefundOutcome =
  | { state: 'captured'; providerRefundId: string }
  /**
   * Not known yet; `why` says so in words. `refusal`: the provider refused to capture the
   * refund and its authorisation is being cancelled; kept as the pending refund's
   * failureReason, it tells the next check to cancel, never to capture.
   */
  | { state: 'pending'; why: string; refusal?: string }
  | { state: 'failed'; reason: string };

/** How the payer's browser goes on to the provider: a redirect, or a form that submits itself. */
export type PaymentStart = { redirectUrl: string } | { form: { action: string; fields: Record<string, string> } };

/** "Does this connection work?" in plain words. */
/** `contracts_incomplete`: the credentials work, but an enabled method lacks an enabled currency. */
/** `no_role`: the user lacks a role on the space or account; `space_not_found`: no such space (PostFinance Checkout). */
export const verifyResults = ['ok', 'contracts_incomplete', 'credentials_wrong', 'terminal_not_customers', 'no_role', 'space_not_found', 'unreachable', 'error'] as const;
export type VerifyResult = (typeof verifyResults)[number];
export interface VerifyAnswer {
  result: VerifyResult;
  message: string;
  /** The currencies each method's contract covers, where the provider can tell (Saferpay's terminal). */
  methodCurrencies?: Record<string, string[]>;
}

/** The buttons of the online invoice; each adapter maps them to its own method names. POSTFINANCE: PostFinance Card / e-finance. */
export const payChoices = ['CARD', 'TWINT', 'SWISSBILLING', 'POSTFINANCE'] as const;
export type PayChoice = (typeof payChoices)[number];
export const isPayChoice = (value: string | undefined): value is PayChoice => (payChoices as readonly (string | undefined)[]).includes(value);

type Connection = typeof connections.$inferSelect;
type Attempt = typeof paymentAttempts.$inferSelect;

export interface RefundInput {
  attempt: Attempt;
  connection: Connection;
  refund: typeof refunds.$inferSelect;
}

export interface StartInput {
  attempt: Attempt;
  connection: Connection;
  invoice: typeof invoices.$inferSelect;
  tenant: typeof tenants.$inferSelect;
  language: Language;
  methods: readonly string[];
}

/** Why a method cannot take this invoice, checked before anything leaves: rule codes and words. */
export interface Refusal {
  rules: string[];
  reason: string;
}

/**
 * What the payment verbs (start, reconcile, refund, cancel, verify) need from a provider.
 * The verbs own the attempt rows, the transactions and the bookings' rules; an adapter only
 * speaks its provider's protocol.
 */
export interface PaymentAdapter {
  /** Its official hosts (test, live) and where its simulator answers: nothing else is called. */
  hosts: ProviderHosts;
  /** Which credential fields are readable settings and which are sealed secrets. */
  credentialFields: CredentialFields;
  /** The buttons it offers on the online invoice (CARD, TWINT, SWISSBILLING) → its method names. */
  choices: Readonly<Partial<Record<PayChoice, readonly string[]>>>;
  /**
   * Methods that exist in some currencies only, whatever the contract says (TWINT: CHF). They
   * narrow a connection's currencies for a method whose contract currencies are not known.
   */
  methodCurrencyLimits?: Readonly<Record<string, readonly string[]>>;
  /** Inside the attempt's transaction, before anything leaves. */
  refusal(tx: Tx, input: { invoice: typeof invoices.$inferSelect; connection: Connection }): Promise<Refusal | null>;
  /** The order id the provider sees: the invoice's payment reference, so every channel meets on one open item. */
  orderId(invoice: typeof invoices.$inferSelect): string;
  /**
   * After the attempt is committed: ask the provider and say where the payer goes. `methods`
   * are the provider's methods behind the chosen button whose contract covers the currency.
   */
  start(deps: PaymentDeps, input: StartInput): Promise<PaymentStart>;
  /**
   * Whether an attempt that was started and that nobody acted on can still take the payer to
   * the same session at the provider (a page not about to expire). Inside the verb's
   * transaction: no I/O.
   */
  reusable(attempt: Attempt, now: Date): boolean;
  /** The way to that same session again, without opening a new one at the provider. */
  reopen(deps: PaymentDeps, input: StartInput): Promise<PaymentStart>;
  /** Ask where an open attempt stands and act on it (book, fail, abandon); answers its new state. */
  reconcile(deps: PaymentDeps, input: { attempt: Attempt; connection: Connection }): Promise<Attempt['state']>;
  /**
   * Asks the provider to pay a refund back. Never throws for a provider's answer: a lost or
   * unreadable one is `pending`, and only the provider's own "no" is `failed`.
   */
  refund(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome>;
  /** For a pending refund: what the provider's own record says now (and finishes what is half done). */
  checkRefund(deps: PaymentDeps, input: RefundInput): Promise<RefundOutcome>;
  /** Releases an authorisation; false while the provider still processes the release. */
  cancel(deps: PaymentDeps, input: { attempt: Attempt; connection: Connection }): Promise<boolean>;
  verify(deps: PaymentDeps, connection: Connection): Promise<VerifyAnswer>;
  /**
   * The payer's browser came back to /pay-return/{secret}: ask the provider's record and
   * answer the attempt as it now stands. Absent: the provider returns the payer elsewhere.
   */
  payerReturned?(deps: PaymentDeps, attemptId: string): Promise<Attempt>;
  /** Its public routes (callbacks, its own return pages), mounted at the root by the app. */
  routes?: OpenAPIHono<AppEnv>;
  /**
   * What is wrong with the (merged) credentials for this environment, each naming its field
   * (Stripe: a test key on a live service); the connection verbs refuse them with a 422.
   */
  credentialProblems?(environment: 'sandbox' | 'test' | 'live', credentials: Record<string, unknown>): { field: string; message: string }[];
  /**
   * Asks the provider for its recent payouts and keeps the ones not kept yet with their items
   * (reconciliation/reported-payout.ts), for a payout whose webhook never came. Answers how
   * many it kept. Absent: the provider reports no payouts; they are matched oldest first.
   */
  reconcilePayouts?(deps: PaymentDeps, connection: Connection): Promise<number>;
  /** Set when the provider refunds only the whole captured amount: the product's name, for the refusal. */
  refundsWholeAmountOnly?: string;
}
