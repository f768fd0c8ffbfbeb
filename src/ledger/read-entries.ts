// Reading the journal: one entry with its lines, or a filtered, paginated list in a
// stable order (date, then booking sequence).
import { type SQL, and, asc, count, eq, gte, ilike, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/client.js';
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

function filterConditions(tenantId: string, filter: EntryFilter): SQL[] {
  const conditions: SQL[] = [eq(journalEntries.tenantId, tenantId)];
  if (filter.from) conditions.push(gte(journalEntries.entryDate, filter.from));
  if (filter.to) conditions.push(lte(journalEntries.entryDate, filter.to));
  if (filter.source) conditions.push(eq(journalEntries.source, filter.source));
  if (filter.text) conditions.push(ilike(journalEntries.text, `%${escapeLike(filter.text)}%`));
  if (filter.account) {
    conditions.push(
      sql`exists (select 1 from ${journalLines} where ${journalLines.entryId} = ${journalEntries.id} and ${journalLines.accountNumber} = ${filter.account})`,
    );
  }
  return conditions;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function listEntryIds(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  page: { limit: number; offset: number },
): Promise<{ ids: string[]; total: number }> {
  const where = and(...filterConditions(tenantId, filter));
  const [totalRow] = await db.select({ total: count() }).from(journalEntries).where(where);
  const rows = await db
    .select({ id: journalEntries.id })
    .from(journalEntries)
    .where(where)
    .orderBy(asc(journalEntries.entryDate), asc(journalEntries.seq))
    .limit(page.limit)
    .offset(page.offset);
  return { ids: rows.map((row) => row.id), total: totalRow?.total ?? 0 };
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
