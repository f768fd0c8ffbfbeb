// What the simulators remember between requests: their payment pages, orders and
// transactions (and the checkout simulator's signing key). An app built once (the Node
// server, a test) keeps its own; the worker builds an app per request and hands in one
// memory per isolate, so a page opened in one request is still known in the next. A second
// isolate has another memory: the simulators are for `wrangler dev` (one isolate) and demos,
// never for money.
import type { CheckoutSandboxState } from './postfinance-checkout/state.js';
import type { SigningKey } from './postfinance-checkout/webhooks.js';
import type { PostFinanceSandboxState } from './postfinance/state.js';
import type { SaferpaySandboxState } from './saferpay/state.js';
import type { StripeSandboxState } from './stripe/state.js';

export interface SandboxMemory {
  saferpay?: SaferpaySandboxState;
  postfinance?: PostFinanceSandboxState;
  postfinanceCheckout?: { state: CheckoutSandboxState; key: Promise<SigningKey> };
  stripe?: StripeSandboxState;
}
