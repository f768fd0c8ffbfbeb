// The platform's amounts are JSON decimals in major units (1250.40). They are written from
// integer minor units as decimal text and read back through decimal strings, never by
// multiplying a float.
import { formatMinor } from '../../ledger/currencies.js';
import { parseDecimalAmount } from '../../reconciliation/decimal-amount.js';

const marker = '\u0000decimal:';

/** A placeholder that `decimalJson` writes as a bare JSON number. */
export const decimal = (amount: number, currency: string): string => `${marker}${formatMinor(amount, currency)}`;

/** JSON.stringify, with every `decimal(...)` placeholder as a JSON number of exactly its digits. */
export const decimalJson = (body: unknown): string =>
  JSON.stringify(body).replace(/"\\u0000decimal:(-?\d+(?:\.\d+)?)"/g, '$1');

/** Minor units of an amount the platform answered, or null when it is not one of the currency. */
export function minorOf(value: number | null | undefined, currency: string): number | null {
  if (value === null || value === undefined || !Number.isFinite(value) || value < 0) return null;
  // String(x) of a double is its shortest round-trip form: 1250.4 → "1250.4", never "1250.3999…".
  const parsed = parseDecimalAmount(String(value), currency);
  return 'amount' in parsed ? parsed.amount : null;
}
