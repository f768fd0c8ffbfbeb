// The Cloudflare Workers entry: the same app over postgres.js through Hyperdrive. The cron
// trigger runs the reconciliation function the Node server runs on an interval; the mail
// outbox stays with the Node server until a mail transport for Workers exists. Cloudflare is
// the proxy here: it sets CF-Connecting-IP to the client's address and overwrites any a
// client sent, so that header (and never X-Forwarded-For) names the client.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from './app.js';
import * as schema from './db/schema.js';
import { createJsonLogger } from './logger.js';
import type { AppDeps } from './deps.js';
import type { DocsAssets } from './routes/docs.js';
import { paymentDeps } from './payments/deps.js';
import { pruneRateLimits } from './rate-limit/counter.js';
import { createSecretBox } from './secret-box.js';
import { reconcileOpenAttempts } from './services/reconcile-attempts.js';
import { reconcileReportedPayouts } from './services/reconcile-payouts.js';

interface Env {
  HYPERDRIVE: { connectionString: string };
  PUBLIC_BASE_URL: string;
  /** `wrangler secret put APP_SECRET`: the same key the Node server uses for credentials. */
  APP_SECRET: string;
  /** The swagger-ui-dist folder (wrangler.toml [assets]): the files /docs loads. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

// The key is derived once per isolate, not once per request.
let secretBox: ReturnType<typeof createSecretBox> | undefined;

async function depsFor(env: Env) {
  // One short-lived client per request: Hyperdrive pools the real connections.
  const client = postgres(env.HYPERDRIVE.connectionString, { max: 5, fetch_types: false });
  const deps: AppDeps = {
    db: drizzle(client, { schema }),
    logger: createJsonLogger('info'),
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    now: () => new Date(),
    clientAddress: (c) => c.req.header('CF-Connecting-IP') ?? 'unknown',
    secretBox: await (secretBox ??= createSecretBox(env.APP_SECRET)),
    docsAssets: docsAssetsOf(env),
  };
  return { deps, client };
}

function docsAssetsOf(env: Env): DocsAssets | undefined {
  const assets = env.ASSETS;
  if (!assets) return undefined;
  return async (file) => {
    // The binding answers by path; the host is not looked at.
    const response = await assets.fetch(new Request(`https://assets.invalid/${file}`));
    return response.ok ? response.body : null;
  };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { deps, client } = await depsFor(env);
    const response = await createApp(deps).fetch(request);
    ctx.waitUntil(client.end());
    return response;
  },
  async scheduled(_event: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const { deps, client } = await depsFor(env);
    const rounds = Promise.allSettled([reconcileOpenAttempts(paymentDeps(deps)), reconcileReportedPayouts(paymentDeps(deps)), pruneRateLimits(deps.db, deps.now())]);
    ctx.waitUntil(rounds.finally(() => client.end()));
  },
};
