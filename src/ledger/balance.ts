// Pure checks and conversions for journal lines. The database checks balance again at
// commit; this is the check that gives the user a readable answer first.
import { minorUnits } from './currencies.js';

export interface DraftLine {
  account: string;
  /** Signed minor units of the entry currency: debit positive, credit negative. */
  amount: number;
}

export interface PricedLine extends DraftLine {
  /** Signed Rappen at the entry's rate. */
  amountChf: number;
}

export type BalanceProblem =
  | { kind: 'too_few_lines' }
  | { kind: 'zero_line'; index: number }
  | { kind: 'unbalanced'; difference: number };

export function findBalanceProblem(lines: readonly DraftLine[]): BalanceProblem | null {
  if (lines.length < 2) return { kind: 'too_few_lines' };
  const zero = lines.findIndex((line) => line.amount === 0);
  if (zero >= 0) return { kind: 'zero_line', index: zero };
  const difference = lines.reduce((sum, line) => sum + line.amount, 0);
  return difference === 0 ? null : { kind: 'unbalanced', difference };
}

export const ratePattern = /^(?:0|[1-9]\d{0,9})(?:\.\d{1,8})?$/;

/** A usable rate: written as ratePattern says, and above zero (read from its digits, not as a float). */
export const isRate = (text: string): boolean => ratePattern.test(text) && /[1-9]/.test(text);

/** Parses "0.9412" into 9412 / 10^4 exactly; no float ever touches a rate. */
function parseRate(rate: string): { numerator: bigint; scale: number } {
  if (!ratePattern.test(rate)) throw new Error(`invalid rate ${rate}`);
  const [whole = '0', fraction = ''] = rate.split('.');
  const numerator = BigInt(whole + fraction);
  if (numerator === 0n) throw new Error('rate must be positive');
  return { numerator, scale: fraction.length };
}

/** Rounds numerator/denominator half away from zero, as Swiss bookkeeping rounds. */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (2n * n + d) / (2n * d);
  return negative ? -quotient : quotient;
}

/** One amount in minor units of `currency` to Rappen at `rate` (CHF per currency unit). */
export function toChf(amount: number, currency: string, rate: string): number {
  const { numerator, scale } = parseRate(rate);
  const shift = 2 - minorUnits(currency);
  let top = BigInt(amount) * numerator;
  let bottom = 10n ** BigInt(scale);
  if (shift >= 0) top *= 10n ** BigInt(shift);
  else bottom *= 10n ** BigInt(-shift);
  return Number(divideRounded(top, bottom));
}

/**
 * Converts every line to CHF. Rounding each line can leave a few Rappen of difference;
 * the rule is to put it on the line with the largest amount, where it matters least,
 * so the entry balances in CHF as it does in its own currency.
 */
export function priceLines(lines: readonly DraftLine[], currency: string, rate: string): PricedLine[] {
  const priced = lines.map((line) => ({ ...line, amountChf: toChf(line.amount, currency, rate) }));
  const residual = priced.reduce((sum, line) => sum + line.amountChf, 0);
  if (residual !== 0 && priced.length > 0) {
    let largest = 0;
    priced.forEach((line, index) => {
      if (Math.abs(line.amount) > Math.abs(priced[largest]!.amount)) largest = index;
    });
    priced[largest]!.amountChf -= residual;
  }
  return priced;
}
