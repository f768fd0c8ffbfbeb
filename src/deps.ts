// Everything the app needs from the outside world, handed in by an entry (server, worker,
// tests). The app reads no environment, opens no sockets and starts no timers of its own.
import type { Context } from 'hono';
import type { Database } from './db/client.js';
import type { Logger } from './logger.js';
import type { DocsAssets } from './routes/docs.js';
import type { PostFinanceCheckoutSandboxConfig } from './sandbox/postfinance-checkout/state.js';
import type { PostFinanceSandboxConfig } from './sandbox/postfinance/state.js';
import type { SandboxMemory } from './sandbox/memory.js';
import type { SaferpaySandboxConfig } from './sandbox/saferpay/state.js';
import type { StripeSandboxConfig } from './sandbox/stripe/state.js';
import type { SecretBox } from './secret-box.js';

export interface AppDeps {
  db: Database;
  logger: Logger;
  /** Origin used in links sent to people and providers, without trailing slash. */
  publicBaseUrl: string;
  now: () => Date;
  /**
   * The client's address, as the rate limits count it: the socket's peer (Node), Cloudflare's
   * CF-Connecting-IP (Workers), or a client named by a trusted proxy. Only the entries know.
   */
  clientAddress: (c: Context) => string;
  /** Answers whether the migrations on disk are all applied; used by /ready. */
  migrationsCurrent?: () => Promise<boolean>;
  /** Seals provider credentials at rest; without it, connections cannot hold credentials. */
  secretBox?: SecretBox;
  /** Outbound HTTP to providers (and the sandboxes' callbacks); tests route it into the app. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** How long a payer's page waits for a provider before it shows "processing" (default 8 s). */
  payerWaitMs?: number;
  /** Runs work after the response (sandbox notifications); the Node server uses a timer. */
  defer?: (task: () => Promise<void>, delayMs: number) => void;
  /**
   * Keeps work that goes on after the response (a settlement the payer stopped waiting for)
   * alive and its database open: Workers' ctx.waitUntil. A Node process needs nothing.
   */
  waitUntil?: (work: Promise<unknown>) => void;
  /** Reads Swagger UI's files for /docs (Node: from node_modules; Workers: the ASSETS binding). */
  docsAssets?: DocsAssets;
  /** The provider simulators, mounted under /sandbox when given. */
  sandbox?: {
    saferpay: SaferpaySandboxConfig;
    postfinance?: PostFinanceSandboxConfig;
    /** Default: defaultPostFinanceCheckoutSandbox. */
    postfinanceCheckout?: PostFinanceCheckoutSandboxConfig;
    /** Default: defaultStripeSandbox. */
    stripe?: StripeSandboxConfig;
    lateNotifyMs?: number;
    /** What the simulators remember; default: a new memory per app (see sandbox/memory.ts). */
    memory?: SandboxMemory;
  } | null;
}
