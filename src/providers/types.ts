// What every payment provider adapter offers the services, and the normalised vocabulary
// of what a provider said. Saferpay and PostFinance map their own states onto it.

/** The provider's word on a payment, after we asked it (never taken from a callback alone). */
export type ProviderOutcome =
  | { kind: 'pending' }
  | { kind: 'authorized'; transactionId: string; amount: number; currency: string; orderId: string | null }
  | { kind: 'captured'; transactionId: string; captureId: string | null; amount: number; currency: string; orderId: string | null }
  | { kind: 'failed'; reason: string; payerMessage: string | null }
  | { kind: 'aborted'; reason: string }
  | { kind: 'expired'; reason: string };

export interface ProviderCallContext {
  /** fetch to use (tests route it into the app); defaults to the global one. */
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

/** A provider error a person can read, with the provider's own name for it. */
export class ProviderError extends Error {
  constructor(
    readonly provider: 'saferpay' | 'postfinance',
    readonly providerCode: string,
    readonly userMessage: string,
    readonly httpStatus: number | null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${provider} ${providerCode}: ${userMessage}`);
    this.name = 'ProviderError';
  }
}
