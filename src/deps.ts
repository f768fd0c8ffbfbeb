// Everything the app needs from the outside world, handed in by an entry (server, worker,
// tests). The app reads no environment and opens no sockets of its own.
import type { Database } from './db/client.js';
import type { Logger } from './logger.js';

export interface AppDeps {
  db: Database;
  logger: Logger;
  /** Origin used in links sent to people and providers, without trailing slash. */
  publicBaseUrl: string;
  now: () => Date;
  /** Answers whether the migrations on disk are all applied; used by /ready. */
  migrationsCurrent?: () => Promise<boolean>;
}
