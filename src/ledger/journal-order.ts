// The journal's order (date, then booking sequence) and the query of the entries that match a
// filter in it, shared by the journal's pages and the CSV export.
import { type SQL, sql } from 'drizzle-orm';
import { journalEntries, journalLines } from '../db/schema.js';
import type { EntrySource } from './post.js';

export interface EntryFilter {
  from?: string;
  to?: string;
  account?: string;
  source?: EntrySource;
  text?: string;
}

/** A position in the journal's order (date, then booking sequence): after this entry. */
export interface JournalCursor {
  date: string;
  seq: number;
}

/** The cursor as the API shows it: `<date>_<seq>`, to be sent back as it is. */
export const cursorPattern = /^(\d{4}-\d{2}-\d{2})_(\d{1,15})$/;

export function encodeCursor(cursor: JournalCursor): string {
  return `${cursor.date}_${cursor.seq}`;
}

export function decodeCursor(text: string): JournalCursor | null {
  const match = cursorPattern.exec(text);
  if (!match) return null;
  const date = match[1]!;
  // A day that exists (no 2026-02-30), so the database never sees a date it cannot read.
  const day = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== date) return null;
  return { date, seq: Number(match[2]) };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * The matching entries in journal order as a query answering (id, date, seq), without LIMIT.
 * Without an account filter it walks journal_entries' (tenant, date, seq) index; with one, the
 * lines' (tenant, account, date, seq) index, one row per entry (DISTINCT ON), so either way a
 * page reads about as many index rows as it shows.
 */
export function matchingEntries(tenantId: string, filter: EntryFilter, after: JournalCursor | null, columns: SQL = sql``): SQL {
  if (filter.account) {
    const conditions: SQL[] = [sql`l.tenant_id = ${tenantId}`, sql`l.account_number = ${filter.account}`];
    if (filter.from) conditions.push(sql`l.entry_date >= ${filter.from}`);
    if (filter.to) conditions.push(sql`l.entry_date <= ${filter.to}`);
    if (after) conditions.push(sql`(l.entry_date, l.entry_seq) > (${after.date}::date, ${after.seq}::bigint)`);
    const entryConditions: SQL[] = [];
    if (filter.source) entryConditions.push(sql`e.source = ${filter.source}`);
    if (filter.text) entryConditions.push(sql`e.text ilike ${`%${escapeLike(filter.text)}%`}`);
    if (entryConditions.length > 0) {
      conditions.push(
        sql`exists (select 1 from ${journalEntries} e where e.id = l.entry_id and ${sql.join(entryConditions, sql` and `)})`,
      );
    }
    return sql`select distinct on (l.entry_date, l.entry_seq) l.entry_id as id, l.entry_date::text as date, l.entry_seq as seq
      from ${journalLines} l where ${sql.join(conditions, sql` and `)}
      order by l.entry_date, l.entry_seq`;
  }
  const conditions: SQL[] = [sql`e.tenant_id = ${tenantId}`];
  if (filter.from) conditions.push(sql`e.entry_date >= ${filter.from}`);
  if (filter.to) conditions.push(sql`e.entry_date <= ${filter.to}`);
  if (filter.source) conditions.push(sql`e.source = ${filter.source}`);
  if (filter.text) conditions.push(sql`e.text ilike ${`%${escapeLike(filter.text)}%`}`);
  if (after) conditions.push(sql`(e.entry_date, e.seq) > (${after.date}::date, ${after.seq}::bigint)`);
  return sql`select e.id, e.entry_date::text as date, e.seq${columns}
    from ${journalEntries} e where ${sql.join(conditions, sql` and `)}
    order by e.entry_date, e.seq`;
}

/**
 * The lower bound of an export batch's lines in journal order: after the cursor, else from the
 * filter's first day. With the batch's last entry as the upper bound, the lines are one range of
 * the lines' (tenant, date, seq, line) index instead of a look-up per entry.
 */
export function linesFrom(filter: EntryFilter, after: JournalCursor | null): SQL {
  if (after) return sql` and (l.entry_date, l.entry_seq) > (${after.date}::date, ${after.seq}::bigint)`;
  if (filter.from) return sql` and l.entry_date >= ${filter.from}::date`;
  return sql``;
}

