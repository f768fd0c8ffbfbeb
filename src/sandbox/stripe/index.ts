// The Stripe simulator, mounted at /sandbox/stripe: the API under /v1 (the library's paths,
// behind this prefix), the hosted Checkout page under /pay, and test switches under /test.
import { Hono } from 'hono';
import type { SandboxNotifier } from '../saferpay/page.js';
import type { SandboxMemory } from '../memory.js';
import { stripeSandboxApi } from './api.js';
import { stripeSandboxPage } from './page.js';
import { type StripeSandboxConfig, StripeSandboxState } from './state.js';

export function createStripeSandbox(options: { config: StripeSandboxConfig; baseUrl: string; notifier: SandboxNotifier; now: () => Date; memory?: SandboxMemory }) {
  const memory = options.memory ?? {};
  const state = (memory.stripe ??= new StripeSandboxState(options.config));
  const app = new Hono();
  app.route('/', stripeSandboxPage(state, options.notifier, options.now));
  app.route('/', stripeSandboxApi({ state, pageBaseUrl: options.baseUrl, notifier: options.notifier, now: options.now }));
  return { app, state };
}
