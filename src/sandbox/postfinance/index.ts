// The PostFinance e-Payment simulator, mounted at /sandbox/postfinance.
import { Hono } from 'hono';
import type { SandboxNotifier } from '../saferpay/page.js';
import { postFinanceDirectLink } from './directlink.js';
import { postFinanceOrderPage } from './order-page.js';
import { type PostFinanceSandboxConfig, PostFinanceSandboxState } from './state.js';

export function createPostFinanceSandbox(options: {
  config: PostFinanceSandboxConfig;
  publicBaseUrl: string;
  notifier: SandboxNotifier;
  now: () => Date;
}) {
  const state = new PostFinanceSandboxState(options.config);
  const app = new Hono();
  app.route('/', postFinanceOrderPage(state, options.notifier, options.publicBaseUrl, options.now));
  app.route('/', postFinanceDirectLink(state, options.notifier, options.publicBaseUrl, options.now));
  return { app, state };
}
