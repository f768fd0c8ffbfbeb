// How a provider client reaches the outside world. Its own module, so the adapter interface
// (types.ts) and the payment deps (payments/deps.ts) both use it without importing each other.

export interface ProviderCallContext {
  /** fetch to use (tests route it into the app); defaults to the global one. */
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}
