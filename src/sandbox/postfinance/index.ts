// The PostFinance e-Payment simulator, mounted at /sandbox/postfinance.
import { Hono } from 'hono';
import type { SandboxMemory } from '../memory.js';
import type { SandboxNotifier } from '../saferpay/page.js';
import { postFinanceDirectLink } from './directlink.js';
import { postFinanceOrderPage } from './order-page.js';
import { type PostFinanceSandboxConfig, PostFinanceSandboxState } from './state.js';

export function createPostFinanceSandbox(options: {
  config: PostFinanceSandboxConfig;
  publicBaseUrl: string;
  notifier: SandboxNotifier;
  now: () => Date;
  memory?: SandboxMemory;
}) {
  const memory = options.memory ?? {};
  const state = (memory.postfinance ??= new PostFinanceSandboxState(options.config));
  const app = new Hono();
  app.route('/', postFinanceOrderPage(state, options.notifier, options.publicBaseUrl, options.now));
  app.route('/', postFinanceDirectLink(state, options.notifier, options.publicBaseUrl, options.now));
  // For tests and demos: the acquirer settles an uncertain order (52) later, without telling
  // anyone; only a querydirect finds out.
  app.post('/test/orders/:orderId/resolve', async (c) => {
    const orders = [...state.orders.values()].filter((o) => o.orderId === c.req.param('orderId') && o.status === 52);
    const outcome = String(((await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>).outcome ?? '');
    if (orders.length !== 1 || !['approve', 'decline'].includes(outcome)) return c.text('no uncertain order with this ORDERID, or outcome not approve|decline', 404);
    orders[0]!.status = outcome === 'approve' ? 5 : 2;
    return c.text(`STATUS ${orders[0]!.status}`);
  });
  return { app, state };
}
