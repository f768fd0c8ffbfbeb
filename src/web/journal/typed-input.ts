// What people type into the journal's forms, read into the values the services take:
// amounts as Swiss accountants write them ("1'234.50", "1’234.5", "1 234.50", "1234,50")
// into integer minor units (through the camt reader's decimal arithmetic, never a float),
// and dates as "31.03.2026" or "2026-03-31".
import { dateSchema } from '../../http/schemas.js';
import { parseDecimalAmount } from '../../reconciliation/decimal-amount.js';

/** Minor units, or null when the text is no amount in this currency. An empty text is undefined. */
export function typedAmount(text: string | undefined, currency: string): number | null | undefined {
  const compact = (text ?? '').trim().replace(/['’\s\u00a0\u202f]/g, '');
  if (compact === '') return undefined;
  // A single comma with one or two digits after it is a decimal comma (1234,50), never grouping.
  const decimal = /^\d+,\d{1,3}$/.test(compact) ? compact.replace(',', '.') : compact;
  const parsed = parseDecimalAmount(decimal, currency);
  return 'amount' in parsed && parsed.amount > 0 ? parsed.amount : null;
}

/** "31.03.2026" → "2026-03-31"; an ISO date stays as it is; anything else is returned for the schema to refuse. */
export function typedDate(text: string | undefined): string {
  const value = (text ?? '').trim();
  const swiss = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value);
  return swiss ? `${swiss[3]}-${swiss[2]!.padStart(2, '0')}-${swiss[1]!.padStart(2, '0')}` : value;
}

/** A typed date as the API's date (a real calendar day), or undefined. */
export function typedIsoDate(text: string | undefined): string | undefined {
  const value = typedDate(text);
  return dateSchema.safeParse(value).success ? value : undefined;
}

/** "2026-03-31.123" (a page link's cursor) → the cursor, or undefined. */
export function typedCursor(text: string | undefined): { date: string; seq: number } | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})\.(\d{1,15})$/.exec(text ?? '');
  return match ? { date: match[1]!, seq: Number(match[2]) } : undefined;
}
