// The journal as CSV for spreadsheets: UTF-8 with BOM (so Excel reads umlauts), `;` as
// separator (the Swiss and German Excel default), one row per entry line, amounts as
// decimals with a point, debit and credit in separate columns so no sign is misread.
import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { accounts, journalEntries, journalLines } from '../db/schema.js';
import { formatMinor } from './currencies.js';
import { type EntryFilter, type JournalCursor, linesFrom, matchingEntries } from './journal-order.js';
import { normalizeRate } from './read-entries.js';

export const csvBom = '\uFEFF';

const header = [
  'Entry no',
  'Date',
  'Entry ID',
  'Text',
  'Source',
  'Source reference',
  'Line',
  'Account',
  'Account name',
  'Currency',
  'Debit',
  'Credit',
  'Rate',
  'Debit CHF',
  'Credit CHF',
  'Reverses entry',
];

/** Quotes where needed and defuses text a spreadsheet would run as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvHeaderRow(): string {
  return `${header.map(csvField).join(';')}\r\n`;
}

/**
 * The journal as CSV, streamed: the header, then batches of `batchEntries` entries (each one
 * statement, keyset-paged), so memory stays constant and each batch costs the same however
 * far into the journal it is.
 */
export async function* exportJournalCsv(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  options: { batchEntries?: number } = {},
): AsyncGenerator<string> {
  const batchEntries = options.batchEntries ?? 2000;
  // The account names and the first batch are asked for together; then the next batch is
  // asked for while this one is written out: the database and this process work side by side.
  const [accountRows, first] = await Promise.all([
    db.select({ number: accounts.number, name: accounts.name }).from(accounts).where(eq(accounts.tenantId, tenantId)),
    exportBatch(db, tenantId, filter, null, batchEntries),
  ]);
  const names = new Map(accountRows.map((row) => [row.number, csvField(row.name)]));
  yield csvBom + csvHeaderRow();
  let batch: Awaited<ReturnType<typeof exportBatch>> = first;
  for (;;) {
    const pending = batch.next ? exportBatch(db, tenantId, filter, batch.next, batchEntries) : null;
    // A reader that stops early (a closed download) leaves it unawaited: its failure is moot.
    pending?.catch(() => {});
    if (batch.rows.length > 0) yield exportRows(batch.rows, names);
    if (!pending) return;
    batch = await pending;
  }
}

// The fields a spreadsheet could misread (text, references) go through csvField; numbers,
// dates, ids and codes cannot start with a formula character nor hold a separator.
function exportRows(rows: readonly ExportRow[], names: ReadonlyMap<string, string>): string {
  let out = '';
  let entryId = '';
  let head = '';
  let tail = '';
  for (const row of rows) {
    if (row.id !== entryId) {
      entryId = row.id;
      head = `${row.seq};${row.date};${row.id};${csvField(row.text)};${row.source};${csvField(row.sourceRef ?? '')}`;
      tail = row.reversesEntryId ?? '';
    }
    const currency = row.currency;
    out +=
      `${head};${row.lineNo};${row.account};${names.get(row.account) ?? ''};${currency};` +
      `${row.amount > 0 ? formatMinor(row.amount, currency) : ''};${row.amount < 0 ? formatMinor(-row.amount, currency) : ''};` +
      `${row.rate};${row.amountChf > 0 ? formatMinor(row.amountChf, 'CHF') : ''};` +
      `${row.amountChf < 0 ? formatMinor(-row.amountChf, 'CHF') : ''};${tail}\r\n`;
  }
  return out;
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

/** Up to `limit` entries after `after` with all their lines, in one statement. */
export async function exportBatch(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  after: JournalCursor | null,
  limit: number,
): Promise<{ rows: ExportRow[]; next: JournalCursor | null }> {
  // Without an account filter the page's own index scan reads the entries' columns; with one,
  // the page (from the lines' index) is joined to its entries. Rows are ordered by the lines'
  // own copies of date and sequence: sorting by the date as text (a collation compare per row)
  // took half of a batch's time.
  const query = filter.account
    ? sql`with page as (${matchingEntries(tenantId, filter, after)} limit ${limit})
      select e.seq, e.entry_date::text as date, e.id, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id,
             l.line_no, l.account_number, l.amount, l.amount_chf, l.rate::text as rate
      from page join ${journalEntries} e on e.id = page.id
      join ${journalLines} l on l.entry_id = e.id
      order by l.entry_date, l.entry_seq, l.line_no`
    : sql`with e as (${matchingEntries(tenantId, filter, after, sql`, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id`)} limit ${limit})
      select e.seq, e.date, e.id, e.text, e.source, e.source_ref, e.currency, e.reverses_entry_id,
             l.line_no, l.account_number, l.amount, l.amount_chf, l.rate::text as rate
      from e join ${journalLines} l on l.entry_id = e.id
      where l.tenant_id = ${tenantId}${linesFrom(filter, after)}
        and (l.entry_date, l.entry_seq) <= (select e2.date::date, e2.seq from e e2 order by e2.date desc, e2.seq desc limit 1)
      order by l.entry_date, l.entry_seq, l.line_no`;
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

