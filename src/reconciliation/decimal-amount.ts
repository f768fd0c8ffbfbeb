// camt amounts are decimal strings ("1234.50"). They become integer minor units by string
// arithmetic, never through a float, and a value with more decimals than the currency has
// is refused rather than rounded.
import { isKnownCurrency, minorUnits } from '../ledger/currencies.js';

/** Minor units of `text` in `currency`, or an explanation of why it is not an amount. */
export function parseDecimalAmount(text: string, currency: string): { amount: number } | { problem: string } {
  if (!isKnownCurrency(currency)) return { problem: `${currency || 'no currency'} is not an ISO 4217 currency this service knows` };
  const match = /^(\d{1,15})(?:\.(\d{1,5}))?$/.exec(text.trim());
  if (!match) return { problem: `"${text}" is not a decimal amount such as 1234.50` };
  const units = minorUnits(currency);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > units) return { problem: `"${text}" has more decimals than ${currency} has` };
  const amount = Number(match[1]) * 10 ** units + Number(fraction.padEnd(units, '0') || '0');
  if (!Number.isSafeInteger(amount)) return { problem: `"${text}" is too large` };
  return { amount };
}
