// Keyset pages of the journal and of one account's lines: a stable order (booking date, then
// the journal's own sequence) and a cursor at the last row shown, so a page costs the same on
// the thousandth page as on the first, with no OFFSET and no count of the whole history.
import { type SQL, and, asc, desc, eq, gte, ilike, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { journalEntries, journalLines } from '../db/schema.js';
import type { EntryFilter } from './read-entries.js';

/** A position in the journal's order: after (or before) this entry. */
export interface EntryCursor {
  date: string;
  seq: number;
}

export type JournalOrder = 'newest' | 'oldest';

const position = sql`(${journalEntries.entryDate}, ${journalEntries.seq})`;

function pastCursor(order: JournalOrder, cursor: EntryCursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const at = sql`(${cursor.date}::date, ${cursor.seq}::bigint)`;
  return order === 'newest' ? sql`${position} < ${at}` : sql`${position} > ${at}`;
}

function matching(tenantId: string, filter: EntryFilter): (SQL | undefined)[] {
  return [
    eq(journalEntries.tenantId, tenantId),
    filter.from ? gte(journalEntries.entryDate, filter.from) : undefined,
    filter.to ? lte(journalEntries.entryDate, filter.to) : undefined,
    filter.source ? eq(journalEntries.source, filter.source) : undefined,
    filter.text ? ilike(journalEntries.text, `%${filter.text.replace(/[\\%_]/g, '\\$&')}%`) : undefined,
    filter.account
      ? sql`exists (select 1 from ${journalLines} where ${journalLines.entryId} = ${journalEntries.id} and ${journalLines.tenantId} = ${tenantId} and ${journalLines.accountNumber} = ${filter.account})`
      : undefined,
  ];
}

/**
 * The ids of one page of entries in journal order, and the cursor of the next page (null on
 * the last). One row more than asked tells whether another page follows, without counting.
 */
export async function pageEntryIds(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  page: { limit: number; after?: EntryCursor; order: JournalOrder },
): Promise<{ ids: string[]; next: EntryCursor | null }> {
  const direction = page.order === 'newest' ? desc : asc;
  const rows = await db
    .select({ id: journalEntries.id, date: journalEntries.entryDate, seq: journalEntries.seq })
    .from(journalEntries)
    .where(and(...matching(tenantId, filter), pastCursor(page.order, page.after)))
    .orderBy(direction(journalEntries.entryDate), direction(journalEntries.seq))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return { ids: shown.map((row) => row.id), next: rows.length > page.limit && last ? { date: last.date, seq: last.seq } : null };
}

export interface AccountLine {
  entryId: string;
  seq: number;
  date: string;
  text: string;
  currency: string;
  /** Signed minor units of the entry currency: debit positive. */
  amount: number;
  /** Signed Rappen. */
  amountChf: number;
}

/**
 * One account's lines from a date, oldest first, after a cursor, with the CHF balance before
 * the first of them, so a statement can show a running balance on any page.
 */
export async function pageAccountLines(
  db: Queryable,
  tenantId: string,
  query: { account: string; from?: string; to?: string; limit: number; after?: EntryCursor },
): Promise<{ opening: number; lines: AccountLine[]; next: EntryCursor | null }> {
  const ofAccount = and(eq(journalLines.tenantId, tenantId), eq(journalLines.accountNumber, query.account));
  const before = query.after
    ? sql`${position} <= (${query.after.date}::date, ${query.after.seq}::bigint)`
    : query.from
      ? sql`${journalEntries.entryDate} < ${query.from}`
      : sql`false`;
  const [opening] = await db
    .select({ chf: sql`coalesce(sum(${journalLines.amountChf}), 0)::bigint`.mapWith(Number) })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(ofAccount, before));
  const rows = await db
    .select({
      entryId: journalEntries.id,
      seq: journalEntries.seq,
      date: journalEntries.entryDate,
      text: journalEntries.text,
      currency: journalEntries.currency,
      amount: journalLines.amount,
      amountChf: journalLines.amountChf,
    })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(
      and(
        ofAccount,
        query.from ? gte(journalEntries.entryDate, query.from) : undefined,
        query.to ? lte(journalEntries.entryDate, query.to) : undefined,
        pastCursor('oldest', query.after),
      ),
    )
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.seq), asc(journalLines.lineNo))
    .limit(query.limit + 1);
  const lines = rows.slice(0, query.limit);
  const last = lines.at(-1);
  return { opening: opening?.chf ?? 0, lines, next: rows.length > query.limit && last ? { date: last.date, seq: last.seq } : null };
}
