// The two halves of the reliability run: the server under test, a real `src/server.ts` child
// process that is SIGKILLed and restarted on the same database, and the provider simulators,
// which must outlive it. The simulators keep their transactions in memory, so they run here,
// in the test process that is never killed, on their own port; the server's connections
// point at them with a sandbox `baseUrl`. Everything listens on 127.0.0.1 only.
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createPostFinanceSandbox } from '../../src/sandbox/postfinance/index.js';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { createSaferpaySandbox } from '../../src/sandbox/saferpay/index.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where the server keeps its data: a PostgreSQL URL, or a PGlite folder. */
export type Storage = { databaseUrl: string } | { dataDir: string };

export class ServerUnderTest {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  /** The last lines the server wrote, to explain a failed start. */
  private output = '';
  readonly origin: string;

  constructor(
    readonly port: number,
    private readonly storage: Storage,
    private readonly appSecret: string,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
  }

  /** Starts the server and waits until /ready answers 200 (migrations current, database up). */
  async start(): Promise<number> {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        PUBLIC_BASE_URL: this.origin,
        APP_SECRET: this.appSecret,
        SANDBOX_ENABLED: 'true',
        // The payers come through this process as their proxy, each from an address of its own.
        TRUSTED_PROXIES: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...('databaseUrl' in this.storage ? { DATABASE_URL: this.storage.databaseUrl } : { DATABASE_URL: '', DATA_DIR: this.storage.dataDir }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.on('exit', () => resolve()));
    this.child = child;
    for (let i = 0; i < 480; i++) {
      // A process killed by a signal has no exit code, only the signal.
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited while starting (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      }
      try {
        if ((await fetch(`${this.origin}/ready`)).status === 200) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(125);
    }
    throw new Error(`server not ready in 60 s:\n${this.output}`);
  }

  /** SIGKILL: no shutdown handler runs, in-flight requests and transactions are cut off. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = null;
  }

  /** SIGKILL `afterMs` into a start: while the database opens, recovers or migrates. */
  async killWhileStarting(afterMs: number): Promise<void> {
    const starting = this.start().catch(() => {});
    await sleep(afterMs);
    await this.kill();
    await starting;
  }

  /** A graceful stop (SIGTERM), as a process manager would do. */
  async stop(): Promise<void> {
    this.child?.kill('SIGTERM');
    await this.exited;
    this.child = null;
  }

  get running() {
    return this.child !== null;
  }

  /** Server errors logged so far (LOG_LEVEL=warn keeps the log to what matters). */
  get log() {
    return this.output;
  }
}

/**
 * Both simulators on their own port. The PostFinance one assumes it lives inside the service
 * (its post-sale URL is relative to the service's origin): its callbacks to /callbacks/ are
 * sent to the server under test instead. Saferpay's notify URLs come from the server itself.
 */
export async function startSimulators(serviceOrigin: string, options: { lateNotifyMs: number }) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const pending = new Set<Promise<void>>();
  const notifier = {
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.origin === origin && url.pathname.startsWith('/callbacks/')) return fetch(`${serviceOrigin}${url.pathname}${url.search}`, init);
      return fetch(url, init);
    }) as typeof fetch,
    defer: (task: () => Promise<void>, delayMs: number) => {
      setTimeout(() => {
        const running = task().catch(() => {});
        pending.add(running);
        void running.finally(() => pending.delete(running));
      }, delayMs);
    },
    lateNotifyMs: options.lateNotifyMs,
  };
  const now = () => new Date();
  const saferpay = createSaferpaySandbox({ config: defaultSaferpaySandbox, baseUrl: `${origin}/sandbox/saferpay`, notifier, now });
  const postfinance = createPostFinanceSandbox({ config: defaultPostFinanceSandbox, publicBaseUrl: origin, now, notifier });
  const app = new Hono();
  app.route('/sandbox/saferpay', saferpay.app);
  app.route('/sandbox/postfinance', postfinance.app);
  const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    origin,
    saferpay: saferpay.state,
    postfinance: postfinance.state,
    /** Waits for the callbacks under way (late ones are left to the reconciliation job). */
    settle: () => Promise.all([...pending]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Simulators = Awaited<ReturnType<typeof startSimulators>>;
