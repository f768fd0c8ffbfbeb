// The worker's bindings read with the Node entry's own zod schema (src/config.ts), so a bad
// value stops the worker with the same message naming the variable. Hyperdrive stands in
// for DATABASE_URL; what Workers cannot do without is required here.
import { type Config, ConfigError, parseConfig } from '../config.js';

export interface WorkerEnv {
  HYPERDRIVE?: { connectionString: string };
  /** The swagger-ui-dist folder (wrangler.toml [assets]): the files /docs loads. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
  /** [vars] and `wrangler secret put` values: PUBLIC_BASE_URL, APP_SECRET, MAIL_API_* … */
  [name: string]: unknown;
}

export type WorkerConfig = Config & { databaseUrl: string; appSecret: string };

export function parseBindings(env: WorkerEnv): WorkerConfig {
  const strings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const problems: string[] = [];
  const databaseUrl = env.HYPERDRIVE?.connectionString;
  if (!databaseUrl) problems.push('HYPERDRIVE: the Hyperdrive binding is missing (wrangler.toml [[hyperdrive]])');
  // A DATABASE_URL among the vars is never used: the database is reached through Hyperdrive only.
  let config: Config | null = null;
  try {
    config = parseConfig({ ...strings, DATABASE_URL: databaseUrl ?? 'postgres://missing.invalid/db' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (!strings.PUBLIC_BASE_URL) problems.push('PUBLIC_BASE_URL: is required on Workers (the address payers and providers reach)');
  if (config && !config.mailApi) problems.push('MAIL_API_URL: is required on Workers, where SMTP and the .eml folder cannot run');
  if (!config || problems.length > 0) throw new ConfigError(problems);
  // parseConfig refused a missing APP_SECRET already, since a database URL is always set here.
  return config as WorkerConfig;
}

const parsed = new WeakMap<WorkerEnv, WorkerConfig>();

/** Parsed once per isolate: the env object lives as long as the isolate. */
export function workerConfigOf(env: WorkerEnv): WorkerConfig {
  let config = parsed.get(env);
  if (!config) {
    config = parseBindings(env);
    parsed.set(env, config);
  }
  return config;
}
