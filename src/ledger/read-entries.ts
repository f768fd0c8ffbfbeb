// Reading the journal: one entry with its lines, or a filtered list in a stable order (date,
// then booking sequence), keyset-paged so that any page of a journal of millions of lines
// costs about the same (issue 11).
import { type SQL, and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { DomainError } from '../errors.js';
import { accounts, journalEntries, journalLines } from '../db/schema.js';
import type { EntrySource } from './post.js';

export interface EntryLineView {
  lineNo: number;
  account: string;
  accountName: string;
  debit: number;
  credit: number;
  debitChf: number;
  creditChf: number;
  rate: string;
}

export interface EntryView {
  id: string;
  seq: number;
  date: string;
  text: string;
  source: EntrySource;
  sourceRef: string | null;
  idempotencyKey: string;
  currency: string;
  reversesEntryId: string | null;
  reversedByEntryId: string | null;
  createdByUserId: string | null;
  createdAt: string;
  lines: EntryLineView[];
}

export interface EntryFilter {
  from?: string;
  to?: string;
  account?: string;
  source?: EntrySource;
  text?: string;
}

const reversal = alias(journalEntries, 'reversal');

export async function getEntries(db: Queryable, tenantId: string, ids: string[]): Promise<EntryView[]> {
  if (ids.length === 0) return [];
  const heads = await db
    .select({ entry: journalEntries, reversedByEntryId: reversal.id })
    .from(journalEntries)
    .leftJoin(reversal, eq(reversal.reversesEntryId, journalEntries.id))
    .where(and(eq(journalEntries.tenantId, tenantId), inArray(journalEntries.id, ids)))
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.seq));
  const lines = await db
    .select({ line: journalLines, accountName: accounts.name })
    .from(journalLines)
    .innerJoin(
      accounts,
      and(eq(accounts.tenantId, journalLines.tenantId), eq(accounts.number, journalLines.accountNumber)),
    )
    .where(and(eq(journalLines.tenantId, tenantId), inArray(journalLines.entryId, ids)))
    .orderBy(asc(journalLines.lineNo));
  return heads.map(({ entry, reversedByEntryId }) => ({
    id: entry.id,
    seq: entry.seq,
    date: entry.entryDate,
    text: entry.text,
    source: entry.source,
    sourceRef: entry.sourceRef,
    idempotencyKey: entry.idempotencyKey,
    currency: entry.currency,
    reversesEntryId: entry.reversesEntryId,
    reversedByEntryId,
    createdByUserId: entry.createdByUserId,
    createdAt: entry.createdAt.toISOString(),
    lines: lines
      .filter(({ line }) => line.entryId === entry.id)
      .map(({ line, accountName }) => ({
        lineNo: line.lineNo,
        account: line.accountNumber,
        accountName,
        debit: Math.max(line.amount, 0),
        credit: Math.max(-line.amount, 0),
        debitChf: Math.max(line.amountChf, 0),
        creditChf: Math.max(-line.amountChf, 0),
        rate: normalizeRate(line.rate),
      })),
  }));
}

export async function getEntry(db: Queryable, tenantId: string, id: string): Promise<EntryView | null> {
  const [entry] = await getEntries(db, tenantId, [id]);
  return entry ?? null;
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
  return match ? { date: match[1]!, seq: Number(match[2]) } : null;
}

/** How far `total` counts: beyond it the answer says `totalIsExact: false`. */
export const totalCap = 10_000;

export interface PageRequest {
  limit: number;
  /** Entries after this one (from `nextCursor`): constant cost at any depth. */
  cursor?: JournalCursor | string | null;
  /** Entries to skip (the old `page`): costs grow with the depth; prefer `cursor`. */
  offset?: number;
  /** Count the matching entries (up to `totalCap`); off for the CSV export. Default on. */
  withTotal?: boolean;
}

export interface EntryIdPage {
  ids: string[];
  /** Matching entries, exact up to `totalCap`; `totalCap` and `totalIsExact: false` beyond. */
  total: number;
  totalIsExact: boolean;
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null;
}

export interface EntryPage extends Omit<EntryIdPage, 'ids'> {
  items: EntryView[];
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
function matchingEntries(tenantId: string, filter: EntryFilter, after: JournalCursor | null, columns: SQL = sql``): SQL {
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

function cursorOf(value: PageRequest['cursor']): JournalCursor | null {
  if (!value) return null;
  if (typeof value !== 'string') return value;
  const decoded = decodeCursor(value);
  if (!decoded) {
    throw new DomainError('validation_failed', 'The cursor is not one this service gave.', {
      errors: [{ field: 'cursor', message: 'send nextCursor of the previous page as it is' }],
    });
  }
  return decoded;
}

/**
 * One page of matching entries in journal order (date, then booking sequence), keyset-paged:
 * pass `nextCursor` back as `cursor`. `total` counts at most `totalCap` entries, so no page
 * costs more than a bounded index walk, however deep or large the journal.
 */
export async function listEntryIds(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  page: PageRequest,
): Promise<EntryIdPage> {
  const after = cursorOf(page.cursor);
  const rows = await rowsOf<{ id: string; date: string; seq: string | number }>(
    db,
    sql`${matchingEntries(tenantId, filter, after)} limit ${page.limit + 1} offset ${page.offset ?? 0}`,
  );
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const nextCursor = rows.length > page.limit && last ? encodeCursor({ date: last.date, seq: Number(last.seq) }) : null;
  let total = 0;
  let totalIsExact = true;
  if (page.withTotal !== false) {
    const [counted] = await rowsOf<{ n: string | number }>(
      db,
      sql`select count(*)::int as n from (${matchingEntries(tenantId, filter, null)} limit ${totalCap + 1}) matching`,
    );
    total = Math.min(Number(counted?.n ?? 0), totalCap);
    totalIsExact = Number(counted?.n ?? 0) <= totalCap;
  }
  return { ids: shown.map((row) => row.id), total, totalIsExact, nextCursor };
}

/** A page of entries with their lines: `listEntryIds` and `getEntries` together. */
export async function listEntries(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  page: PageRequest,
): Promise<EntryPage> {
  const { ids, ...rest } = await listEntryIds(db, tenantId, filter, page);
  return { items: await getEntries(db, tenantId, ids), ...rest };
}

/** The rows of one export batch: entries after `after` in journal order, each with its lines. */
export interface ExportRow {
  seq: number;
  date: string;
  id: string;
  text: string;
  source: string;
  sourceRef: string | null;
  currency: string;
  reversesEntryId: string | null;
  lineNo: number;
  account: string;
  amount: number;
  amountChf: number;
  rate: string;
}

/**
 * The lower bound of an export batch's lines in journal order: after the cursor, else from the
 * filter's first day. With the batch's last entry as the upper bound, the lines are one range of
 * the lines' (tenant, date, seq, line) index instead of a look-up per entry.
 */
function linesFrom(filter: EntryFilter, after: JournalCursor | null): SQL {
  if (after) return sql` and (l.entry_date, l.entry_seq) > (${after.date}::date, ${after.seq}::bigint)`;
  if (filter.from) return sql` and l.entry_date >= ${filter.from}::date`;
  return sql``;
}

/** Up to `limit` entries after `after` with all their lines, in one statement. */
export async function exportBatch(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  after: JournalCursor | null,
  limit: number,
): Promise<{ rows: ExportRow[]; next: JournalCursor | null }> {
  // Without an account filter the page's own index scan reads the entries' columns; with one,
  // the page (from the lines' index) is joined to its entries.
  const query = filter.account
    ? sql`with page as (${matchingEntries(tenantId, filter, after)} limit ${limit})
      select e.seq, e.entry_date::text as date, e.id, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id,
             l.line_no, l.account_number, l.amount, l.amount_chf, l.rate::text as rate
      from page join ${journalEntries} e on e.id = page.id
      join ${journalLines} l on l.entry_id = e.id
      order by e.entry_date, e.seq, l.line_no`
    : sql`with e as (${matchingEntries(tenantId, filter, after, sql`, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id`)} limit ${limit})
      select e.seq, e.date, e.id, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id,
             l.line_no, l.account_number, l.amount, l.amount_chf, l.rate::text as rate
      from e join ${journalLines} l on l.entry_id = e.id
      where l.tenant_id = ${tenantId}${linesFrom(filter, after)}
        and (l.entry_date, l.entry_seq) <= (select e2.date::date, e2.seq from e e2 order by e2.date desc, e2.seq desc limit 1)
      order by e.date, e.seq, l.line_no`;
  const raw = await rowsOf<Record<string, string | number | null>>(db, query);
  const rows = raw.map((row) => ({
    seq: Number(row.seq),
    date: row.date as string,
    id: row.id as string,
    text: row.text as string,
    source: row.source as string,
    sourceRef: row.source_ref as string | null,
    currency: row.currency as string,
    reversesEntryId: row.reverses_entry_id as string | null,
    lineNo: Number(row.line_no),
    account: row.account_number as string,
    amount: Number(row.amount),
    amountChf: Number(row.amount_chf),
    rate: normalizeRate(row.rate as string),
  }));
  const last = rows.at(-1);
  const entries = new Set(rows.map((row) => row.id)).size;
  return { rows, next: last && entries === limit ? { date: last.date, seq: last.seq } : null };
}

/** "1.00000000" → "1", "0.94120000" → "0.9412": the rate as a person writes it. */
export function normalizeRate(rate: string): string {
  return rate.includes('.') ? rate.replace(/0+$/, '').replace(/\.$/, '') : rate;
}

/**
 * The CHF rate an automatic booking used (undefined for a CHF entry or none), so a later
 * booking of the same money (its payment, its refund) converts at the same rate.
 */
export async function rateOfEntry(db: Queryable, tenantId: string, idempotencyKey: string): Promise<string | undefined> {
  const [line] = await db
    .select({ rate: journalLines.rate, currency: journalEntries.currency })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.idempotencyKey, idempotencyKey)))
    .limit(1);
  return line && line.currency !== 'CHF' ? line.rate : undefined;
}

/** Whether an automatic booking with this key exists (for instance a payment's capture). */
export async function hasEntry(db: Queryable, tenantId: string, idempotencyKey: string): Promise<boolean> {
  const [row] = await db
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.idempotencyKey, idempotencyKey)))
    .limit(1);
  return Boolean(row);
}
