// The Cloudflare Workers entry: the same app over postgres.js through Hyperdrive. Cron
// triggers will run the same job functions the Node server runs on intervals.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createApp } from './app.js';
import * as schema from './db/schema.js';
import { createJsonLogger } from './logger.js';

interface Env {
  HYPERDRIVE: { connectionString: string };
  PUBLIC_BASE_URL: string;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

function appFor(env: Env) {
  // One short-lived client per request: Hyperdrive pools the real connections.
  const client = postgres(env.HYPERDRIVE.connectionString, { max: 5, fetch_types: false });
  const app = createApp({
    db: drizzle(client, { schema }),
    logger: createJsonLogger('info'),
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    now: () => new Date(),
  });
  return { app, client };
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const { app, client } = appFor(env);
    const response = await app.fetch(request);
    ctx.waitUntil(client.end());
    return response;
  },
  async scheduled(_event: unknown, _env: Env, _ctx: ExecutionContext): Promise<void> {
    // The outbox and reconciliation jobs move here once mail and providers run on Workers.
  },
};
