// The Cloudflare Workers entry: the same app over postgres.js through Hyperdrive. `fetch`
// serves createApp; `scheduled` (wrangler.toml's cron triggers) runs the jobs the Node server
// runs on intervals: outbox delivery, events out (webhooks) and reconciliation every minute, rate-limit pruning
// every ten. Cloudflare is the proxy here: it sets CF-Connecting-IP to the client's address
// and overwrites any a client sent, so that header (and never X-Forwarded-For) names the client.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from './app.js';
import { ConfigError } from './config.js';
import * as schema from './db/schema.js';
import type { AppDeps } from './deps.js';
import { createHttpMailer } from './http-mail-transport.js';
import { createJsonLogger } from './logger.js';
import { paymentDeps, sandboxEnabled } from './payments/deps.js';
import { pruneRateLimits } from './rate-limit/counter.js';
import type { DocsAssets } from './routes/docs.js';
import type { SandboxMemory } from './sandbox/memory.js';
import { defaultPostFinanceSandbox } from './sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from './sandbox/saferpay/state.js';
import { createSecretBox } from './secret-box.js';
import { deliverOutbox } from './services/deliver-outbox.js';
import { reconcileOpenAttempts } from './services/reconcile-attempts.js';
import { reconcileReportedPayouts } from './services/reconcile-payouts.js';
import { deliverWebhooks } from './webhooks/deliver-webhooks.js';
import { type WorkerConfig, type WorkerEnv, workerConfigOf } from './worker/bindings.js';
import './worker/pdf-fonts.js';

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

interface ScheduledEvent {
  cron: string;
  scheduledTime: number;
}

/** wrangler.toml's second cron; every other trigger runs the every-minute jobs. */
const pruneCron = '*/10 * * * *';
/** Rounds of ten e-mails per trigger: the Node server delivers every five seconds, a cron once a minute. */
const outboxRounds = 10;

// Derived once per isolate, not once per request.
let secretBox: ReturnType<typeof createSecretBox> | undefined;
const sandboxMemory: SandboxMemory = {};

function docsAssetsOf(env: WorkerEnv): DocsAssets | undefined {
  const assets = env.ASSETS;
  if (!assets) return undefined;
  return async (file) => {
    // The binding answers by path; the host is not looked at.
    const response = await assets.fetch(new Request(`https://assets.invalid/${file}`));
    return response.ok ? response.body : null;
  };
}

/** One short-lived client per request: Hyperdrive pools the real connections, and Workers forbid sharing a socket between requests. */
function openDatabase(config: WorkerConfig) {
  const client = postgres(config.databaseUrl, { max: 5, fetch_types: false });
  return { db: drizzle(client, { schema }), close: () => client.end() };
}

async function depsFor(config: WorkerConfig, env: WorkerEnv, ctx: ExecutionContext, db: AppDeps['db'], afterResponse: Promise<unknown>[] = []): Promise<AppDeps> {
  const logger = createJsonLogger(config.logLevel);
  const sandboxOn = config.sandboxEnabled;
  return {
    db,
    logger,
    publicBaseUrl: config.publicBaseUrl,
    now: () => new Date(),
    clientAddress: (c) => c.req.header('CF-Connecting-IP') ?? 'unknown',
    secretBox: await (secretBox ??= createSecretBox(config.appSecret)),
    docsAssets: docsAssetsOf(env),
    // With the simulators on, their API calls and callbacks to this worker's own address are
    // handled in this isolate: a worker cannot reliably fetch its own hostname, and the
    // simulators' memory lives here.
    fetch: sandboxOn ? selfRoutingFetch(config, env, ctx) : undefined,
    defer: (task, delayMs) =>
      ctx.waitUntil(
        new Promise((resolve) => setTimeout(resolve, delayMs))
          .then(task)
          .catch((error) => logger.warn('deferred task failed', { error: String(error) })),
      ),
    waitUntil: (work) => afterResponse.push(work),
    sandbox: sandboxOn ? { saferpay: defaultSaferpaySandbox, postfinance: defaultPostFinanceSandbox, memory: sandboxMemory } : null,
  };
}

function selfRoutingFetch(config: WorkerConfig, env: WorkerEnv, ctx: ExecutionContext): typeof fetch {
  const origin = new URL(config.publicBaseUrl).origin;
  return (input, init) => {
    const request = new Request(input, init);
    return new URL(request.url).origin === origin ? handle(request, env, ctx) : fetch(request);
  };
}

function configProblem(error: ConfigError): Response {
  console.error(error.message);
  const body = { type: 'about:blank', title: 'Invalid configuration', status: 500, detail: error.message, code: 'invalid_configuration' };
  return new Response(JSON.stringify(body), { status: 500, headers: { 'Content-Type': 'application/problem+json' } });
}

async function handle(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
  let config: WorkerConfig;
  try {
    config = workerConfigOf(env);
  } catch (error) {
    if (error instanceof ConfigError) return configProblem(error);
    throw error;
  }
  const database = openDatabase(config);
  const afterResponse: Promise<unknown>[] = [];
  try {
    return await createApp(await depsFor(config, env, ctx, database.db, afterResponse)).fetch(request);
  } finally {
    // A settlement the payer stopped waiting for goes on with this client; Cloudflare allows
    // about 30 s after the response, and what it cuts off the settling lease and the cron's
    // reconciliation finish.
    ctx.waitUntil(Promise.allSettled(afterResponse).then(() => database.close()));
  }
}

async function runJobs(event: ScheduledEvent, env: WorkerEnv, ctx: ExecutionContext): Promise<void> {
  const config = workerConfigOf(env);
  const database = openDatabase(config);
  const deps = await depsFor(config, env, ctx, database.db);
  const jobs: Record<string, () => Promise<unknown>> =
    event.cron === pruneCron
      ? { 'prune-rate-limits': () => pruneRateLimits(deps.db, deps.now()) }
      : {
          outbox: async () => {
            const outboxDeps = { ...deps, mailer: createHttpMailer(config.mailApi!, deps.fetch), sandboxEnabled: sandboxEnabled(deps) };
            const total = { sent: 0, retrying: 0, failed: 0 };
            for (let round = 0; round < outboxRounds; round++) {
              const outcome = await deliverOutbox(outboxDeps);
              total.sent += outcome.sent;
              total.retrying += outcome.retrying;
              total.failed += outcome.failed;
              if (outcome.sent + outcome.retrying + outcome.failed === 0) break;
            }
            return total;
          },
          // Events go out from here too: the delivery is plain fetch and Web Crypto.
          webhooks: () => deliverWebhooks({ db: deps.db, logger: deps.logger, now: deps.now, secretBox: deps.secretBox!, fetch: deps.fetch ?? fetch, sandboxEnabled: sandboxEnabled(deps) }),
          'reconcile-attempts': () => reconcileOpenAttempts(paymentDeps(deps)),
          // Payouts whose webhook never came (Stripe): hourly on Node, each round here (it lists a week).
          'reconcile-payouts': () => reconcileReportedPayouts(paymentDeps(deps)),
        };
  try {
    const results = await Promise.allSettled(Object.values(jobs).map((run) => run()));
    Object.keys(jobs).forEach((name, index) => {
      const result = results[index]!;
      if (result.status === 'fulfilled') deps.logger.info('job round', { job: name, result: result.value });
      else deps.logger.error('job failed', { job: name, error: String(result.reason) });
    });
  } finally {
    ctx.waitUntil(database.close());
  }
}

export default {
  fetch: handle,
  scheduled: runJobs,
};
