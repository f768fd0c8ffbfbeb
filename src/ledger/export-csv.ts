// The journal as CSV for spreadsheets: UTF-8 with BOM (so Excel reads umlauts), `;` as
// separator (the Swiss and German Excel default), one row per entry line, amounts as
// decimals with a point, debit and credit in separate columns so no sign is misread.
import { formatMinor } from './currencies.js';
import type { EntryView } from './read-entries.js';

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

export function csvRows(entries: readonly EntryView[]): string {
  let out = '';
  for (const entry of entries) {
    for (const line of entry.lines) {
      const fields = [
        String(entry.seq),
        entry.date,
        entry.id,
        entry.text,
        entry.source,
        entry.sourceRef ?? '',
        String(line.lineNo),
        line.account,
        line.accountName,
        entry.currency,
        line.debit ? formatMinor(line.debit, entry.currency) : '',
        line.credit ? formatMinor(line.credit, entry.currency) : '',
        line.rate,
        line.debitChf ? formatMinor(line.debitChf, 'CHF') : '',
        line.creditChf ? formatMinor(line.creditChf, 'CHF') : '',
        entry.reversesEntryId ?? '',
      ];
      out += `${fields.map(csvField).join(';')}\r\n`;
    }
  }
  return out;
}
