// Raw SQL through drizzle answers differently per driver: postgres.js an array of rows,
// PGlite an object holding them. Services that need one statement drizzle's builder cannot
// write (a CTE that inserts an entry and its lines) read the rows through this.
import type { SQL } from 'drizzle-orm';
import type { Queryable } from './client.js';

export type Row = Record<string, unknown>;

export async function rowsOf<T extends Row = Row>(db: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
