// The PostFinance Checkout simulator, mounted at /sandbox/postfinance-checkout: the API v2.0
// under /api/v2.0, the hosted payment page under /s, and test switches under /test. Its
// webhook signing key is made once per simulator, as the platform's key per installation.
import { Hono } from 'hono';
import type { SandboxMemory } from '../memory.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { checkoutSandboxApi } from './api.js';
import { checkoutSandboxPage } from './page.js';
import { CheckoutSandboxState, type PostFinanceCheckoutSandboxConfig } from './state.js';
import { createSigningKey } from './webhooks.js';

export function createPostFinanceCheckoutSandbox(options: {
  config: PostFinanceCheckoutSandboxConfig;
  baseUrl: string;
  notifier: SandboxNotifier;
  now: () => Date;
  memory?: SandboxMemory;
}) {
  const memory = options.memory ?? {};
  const { state, key } = (memory.postfinanceCheckout ??= { state: new CheckoutSandboxState(options.config), key: createSigningKey() });
  const app = new Hono();
  app.route('/api/v2.0', checkoutSandboxApi({ state, pageBaseUrl: options.baseUrl, notifier: options.notifier, key, now: options.now }));
  app.route('/', checkoutSandboxPage(state, options.notifier, key));
  return { app, state };
}
