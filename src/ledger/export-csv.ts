// The journal as CSV for spreadsheets: UTF-8 with BOM (so Excel reads umlauts), `;` as
// separator (the Swiss and German Excel default), one row per entry line, amounts as
// decimals with a point, debit and credit in separate columns so no sign is misread.
import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { plannedEachTime } from '../db/prepared-statements.js';
import { rowsOf } from '../db/rows.js';
import { accounts, journalEntries, journalLines } from '../db/schema.js';
import { currenciesByMinorUnits, minorUnits } from './currencies.js';
import { type EntryFilter, type JournalCursor, linesFrom, matchingEntries } from './journal-order.js';

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

// The rows are written by the database, field by field as the rules above and formatMinor
// (currencies.ts) write them: csv_field and format_minor (migration 0015) are their SQL twins,
// trim_scale writes the rate as normalizeRate (read-entries.ts) does; a test compares each pair
// over tricky values. Numbers, dates, ids and codes cannot start with a formula character nor
// hold a separator, so only texts go through csv_field.

// The minor units of the entry's currency, from the table formatMinor reads: one list of codes
// per exponent (a list of constants is hashed), null for a code the table does not know.
const entryUnits = sql.raw(
  `case ${[...currenciesByMinorUnits()]
    .map(([units, codes]) => `when e.currency in (${codes.map((code) => `'${code.replace(/[^A-Z]/g, '')}'`).join(', ')}) then ${units}`)
    .join(' ')} end`,
);

// What an entry's lines repeat, written once per entry (e is journal_entries).
const entryFields = sql`e.seq || ';' || e.entry_date || ';' || e.id || ';' || csv_field(e.text) || ';' || e.source || ';'
    || csv_field(coalesce(e.source_ref, '')) || ';' as head,
  ';' || e.currency || ';' as currency, ';' || coalesce(e.reverses_entry_id::text, '') as tail, ${entryUnits} as units`;

// One line's row (e is the batch's entries, names the tenant's account names, quoted): amounts
// only where positive, debit and credit in separate columns.
const chfUnits = sql.raw(String(minorUnits('CHF')));
const csvLine = sql`e.head || l.line_no || ';' || l.account_number || ';' || coalesce(names.name, '') || e.currency
  || case when l.amount > 0 then format_minor(l.amount, e.units) || ';' when l.amount < 0 then ';' || format_minor(-l.amount, e.units) else ';' end
  || ';' || trim_scale(l.rate) || ';'
  || case when l.amount_chf > 0 then format_minor(l.amount_chf, ${chfUnits}) || ';' when l.amount_chf < 0 then ';' || format_minor(-l.amount_chf, ${chfUnits}) else ';' end
  || e.tail`;

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
  // The first batch is awaited before the header, so a failing query fails the request before
  // any byte is sent; then the next batch is asked for while this one is written out.
  let batch = await exportBatch(db, tenantId, filter, null, batchEntries);
  yield csvBom + csvHeaderRow();
  for (;;) {
    const pending = batch.next ? exportBatch(db, tenantId, filter, batch.next, batchEntries) : null;
    // A reader that stops early (a closed download) leaves it unawaited: its failure is moot.
    pending?.catch(() => {});
    if (batch.csv) yield batch.csv;
    if (!pending) return;
    batch = await pending;
  }
}

/**
 * Up to `limit` entries after `after`, with all their lines, as CSV rows in one statement, and
 * the position after its last entry (null once a batch finds no entry). The database writes
 * each row: parsing a dozen columns per line into objects and building the rows here took
 * three quarters of the export's time. One text per line measured faster than one text per
 * batch: a string of a batch's size (about 700 kB) is fresh memory on both sides each time.
 */
async function exportBatch(
  db: Queryable,
  tenantId: string,
  filter: EntryFilter,
  after: JournalCursor | null,
  limit: number,
): Promise<{ csv: string; next: JournalCursor | null }> {
  // `e` holds each entry of the batch once, with the fields its lines repeat, quoted once.
  // It is not materialized, so the planner sees the entries table behind it (one row per id)
  // and hashes the batch's entries rather than its lines. Without an account filter it is the
  // page's own index scan; with one, the page (from the lines' index) joined to its entries.
  const entries = filter.account
    ? sql`page as materialized (${matchingEntries(tenantId, filter, after)} limit ${limit}),
      e as not materialized (select page.id, page.date, page.seq, ${entryFields} from page join ${journalEntries} e on e.id = page.id)`
    : sql`e as not materialized (${matchingEntries(tenantId, filter, after, sql`, ${entryFields}`)} limit ${limit})`;
  // Lines are ordered by their own copies of date and sequence: sorting by the date as text (a
  // collation compare per row) took half of a batch's time. Without an account filter, the
  // lines are one range of the lines' (tenant, date, seq, line) index up to the last entry.
  const range = filter.account
    ? sql``
    : sql`where l.tenant_id = ${tenantId}${linesFrom(filter, after)}
        and (l.entry_date, l.entry_seq) <= (select e.date::date, e.seq from e order by e.date desc, e.seq desc limit 1)`;
  // Planned for each batch's values: a generic plan estimates a batch at a few entries and
  // walks it with nested loops at twice the cost (prepared-statements.ts).
  const rows = await rowsOf<{ line: string | null }>(
    db,
    plannedEachTime(sql`with ${entries},
      names as (select a.number, csv_field(a.name) as name from ${accounts} a where a.tenant_id = ${tenantId})
    select ${csvLine} as line
    from e join ${journalLines} l on l.entry_id = e.id left join names on names.number = l.account_number
    ${range}
    order by l.entry_date, l.entry_seq, l.line_no`),
  );
  let csv = '';
  for (const row of rows) {
    // Null only where an amount had no minor units: a currency the table does not know.
    if (row.line === null) throw new Error('a journal entry in a currency of unknown minor units cannot be exported');
    csv += `${row.line}\r\n`;
  }
  const last = rows.at(-1)?.line;
  if (!last) return { csv, next: null };
  // Every row starts with its entry's number (the booking sequence) and date, never quoted.
  const [seq, date] = last.split(';', 2) as [string, string];
  return { csv, next: { date, seq: Number(seq) } };
}
