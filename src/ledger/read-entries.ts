// Reading the journal: one entry with its lines, or a filtered list in a stable order (date,
// then booking sequence), keyset-paged so that any page of a journal of millions of lines
// costs about the same (issue 11).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { DomainError } from '../errors.js';
import { type EntryFilter, type JournalCursor, decodeCursor, encodeCursor, matchingEntries } from './journal-order.js';
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

export type { EntryFilter, JournalCursor } from './journal-order.js';
export { cursorPattern, decodeCursor, encodeCursor } from './journal-order.js';

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

/** How far `total` counts: beyond it the answer says `totalIsExact: false`. */
export const totalCap = 1_000;

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
