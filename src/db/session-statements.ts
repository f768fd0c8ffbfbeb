// PGlite keeps no statement between queries: each query is parsed and planned again, and in
// WebAssembly planning a read with a few joins costs several times its execution (the pay
// page's fingerprint: 3 to 7 ms planned each time, under 1 ms as a prepared statement). A
// database opened on one PGlite session registers it here; a hot read then PREPAREs itself once
// on that session and EXECUTEs with its argument as a quoted literal (EXECUTE, a utility
// statement, takes no protocol parameters). Databases not registered (postgres.js, whose
// statements are prepared per connection anyway) keep to drizzle.
import type { Database } from './client.js';

/** The two calls of PGlite's session that this needs. */
export interface StatementSession {
  exec(query: string): Promise<unknown>;
  query<T>(query: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }): Promise<{ rows: T[] }>;
}

const sessions = new WeakMap<Database, { session: StatementSession; prepared: Map<string, Promise<unknown>>; finished: () => number }>();

/**
 * Registers `session`, the PGlite instance under `db`. drizzle must be given `counted.client`
 * (see countFinishedStatements) and this `session` the instance itself, so that the hot reads
 * run here are the only statements not counted.
 */
export function keepStatementsOn(db: Database, session: StatementSession, counted: { finished: () => number }): void {
  sessions.set(db, { session, prepared: new Map(), finished: counted.finished });
}

// The methods through which PGlite runs statements (a transaction's own statements end with it).
const runsStatements = new Set(['query', 'exec', 'sql', 'transaction', 'execProtocol', 'execProtocolRaw']);

/**
 * The PGlite instance with every statement it runs counted when it finishes (a transaction
 * when it commits or rolls back). The embedded database belongs to this one process and PGlite
 * runs one statement or transaction at a time, so while the count stands still nothing was
 * written: the pay page may answer what it read at that count without asking again.
 */
export function countFinishedStatements<T extends object>(client: T): { client: T; finished: () => number } {
  let finished = 0;
  const counted = new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (!runsStatements.has(String(property))) return value.bind(target);
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          finished++;
          throw error;
        }
        return Promise.resolve(result).finally(() => finished++);
      };
    },
  });
  return { client: counted, finished: () => finished };
}

/**
 * How many statements other than the registered hot reads `db` has finished, or undefined
 * when others may write to its database (PostgreSQL: other processes, other instances).
 */
export function finishedStatements(db: Database): number | undefined {
  return sessions.get(db)?.finished();
}

/** A literal for a text argument; standard_conforming_strings is on (PostgreSQL's default). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Runs the statement `name` (prepared from `text` on first use) with `literals` already
 * quoted; null when the database is not a registered session, so the caller asks drizzle.
 */
export async function executeNamed<T extends unknown[]>(db: Database, name: string, text: string, literals: string[]): Promise<T[] | null> {
  const entry = sessions.get(db);
  if (!entry) return null;
  let prepared = entry.prepared.get(name);
  if (!prepared) {
    prepared = entry.session.exec(`prepare ${name} as ${text}`);
    entry.prepared.set(name, prepared);
    // A failed PREPARE is tried again by the next caller instead of being remembered.
    prepared.catch(() => entry.prepared.delete(name));
  }
  await prepared;
  const result = await entry.session.query<T>(`execute ${name}(${literals.join(', ')})`, [], { rowMode: 'array' });
  return result.rows;
}
