// drizzle sends its statements through postgres.js's `unsafe`, which does not prepare them:
// PostgreSQL then parses and plans every statement of every request anew. Wrapped here, every
// statement with parameters is prepared once per connection (postgres.js keys its cache by the
// text, and drizzle's text for one query shape never varies), as postgres.js's own tagged
// templates are. Measured on bookings: see bench/results.md. The statements a connection
// keeps are bounded by the distinct query shapes and end with the connection (postgres.js
// retires connections after 30 to 60 minutes). A statement with many parameters is a bulk write
// whose shape follows its row count (a bank statement's entries, an invoice's lines): kept, each
// would hold a large plan in the connection for nothing, so those stay unprepared as before. A
// plan invalidated by a migration while running is re-prepared by postgres.js. Poolers in
// transaction mode (not Hyperdrive) would need this off.
//
// A prepared statement runs on a generic plan after five runs when PostgreSQL estimates that
// plan no dearer than the ones it made for the actual values. For a read whose best plan
// depends on the values, that estimate can be badly wrong: an export batch of the journal
// (2,000 entries) is estimated at 35 entries without its values, gets nested loops instead of
// hash joins and took twice the time (26 against 16 ms of the server's CPU per batch, issue
// 11). Such a read is marked with `plannedEachTime` and goes unprepared.
import { type SQL, sql } from 'drizzle-orm';
import type postgres from 'postgres';

type Client = postgres.Sql | postgres.TransactionSql;

/** A booking's statements take up to about 20 parameters; bulk inserts take hundreds. */
const maxPreparedParameters = 64;
type Callback = (client: Client) => unknown;

const planEachTimeMark = '/* planned each time */ ';

/** The query, sent unprepared so that the server plans it for its actual values each time. */
export function plannedEachTime(query: SQL): SQL {
  return sql`${sql.raw(planEachTimeMark)}${query}`;
}

function worthPreparing(query: string, parameters: readonly unknown[] | undefined): boolean {
  return (parameters?.length ?? 0) <= maxPreparedParameters && !query.startsWith(planEachTimeMark);
}

export function preparingEveryStatement<T extends Client>(client: T): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: worthPreparing(query, parameters) });
      }
      // A transaction (and a savepoint inside one) hands its callback a client of its own.
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const callback = args.pop() as Callback;
          return open.call(target, ...args, (inner: Client) => callback(preparingEveryStatement(inner)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
