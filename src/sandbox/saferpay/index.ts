// The Saferpay simulator, mounted at /sandbox/saferpay: JSON API under /api, the hosted
// payment page under /vt2, and test switches under /test.
import { Hono } from 'hono';
import { saferpaySandboxApi } from './api.js';
import { type SandboxNotifier, saferpaySandboxPage } from './page.js';
import type { SandboxMemory } from '../memory.js';
import { type SaferpaySandboxConfig, SaferpaySandboxState } from './state.js';

export function createSaferpaySandbox(options: {
  config: SaferpaySandboxConfig;
  baseUrl: string;
  notifier: SandboxNotifier;
  now: () => Date;
  memory?: SandboxMemory;
}) {
  const memory = options.memory ?? {};
  const state = (memory.saferpay ??= new SaferpaySandboxState(options.config));
  const app = new Hono();
  app.route('/api', saferpaySandboxApi({ state, pageBaseUrl: options.baseUrl, now: options.now }));
  app.route('/', saferpaySandboxPage(state, options.notifier, options.now));
  return { app, state };
}
