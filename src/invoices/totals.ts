// Invoice totals, computed by the server only, in integer minor units.
// The rule: prices are net (VAT exclusive). A line's net is quantity × unit price,
// rounded half away from zero to the minor unit. VAT is computed per rate on the sum of
// that rate's line nets, rounded the same way. CHF totals are rounded to 0.05 (the
// smallest coin; half up), the difference shown as a rounding line; other currencies are
// not rounded further.
import { minorUnits } from '../ledger/currencies.js';

export const vatRates = [8.1, 2.6, 3.8, 0] as const;
export type VatRate = (typeof vatRates)[number];

const bpByRate = new Map<number, number>([
  [8.1, 810],
  [2.6, 260],
  [3.8, 380],
  [0, 0],
]);

export function vatRateToBp(rate: number): number {
  const bp = bpByRate.get(rate);
  if (bp === undefined) throw new Error(`unsupported VAT rate ${rate}`);
  return bp;
}

export function vatRateFromBp(bp: number): number {
  for (const [rate, value] of bpByRate) if (value === bp) return rate;
  throw new Error(`unsupported VAT basis points ${bp}`);
}

export interface TotalsLineInput {
  quantityMilli: number;
  unitPrice: number;
  vatRateBp: number;
  revenueAccount: string;
}

export interface VatGroup {
  vatRateBp: number;
  netAmount: number;
  vatAmount: number;
}

export interface InvoiceTotals {
  lineNetAmounts: number[];
  vatGroups: VatGroup[];
  netTotal: number;
  vatTotal: number;
  roundingAmount: number;
  total: number;
}

/** numerator / denominator rounded half away from zero, exactly. */
function divideRounded(numerator: bigint, denominator: bigint): number {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const quotient = (2n * n + denominator) / (2n * denominator);
  return Number(negative ? -quotient : quotient);
}

export function lineNetAmount(quantityMilli: number, unitPrice: number): number {
  return divideRounded(BigInt(quantityMilli) * BigInt(unitPrice), 1000n);
}

/** Rounds a CHF amount in Rappen to the nearest 5 Rappen (1–2 down, 3–4 up; no halves exist). */
export function roundToFiveRappen(amount: number): number {
  const remainder = ((amount % 5) + 5) % 5;
  return remainder >= 3 ? amount + (5 - remainder) : amount - remainder;
}

export function computeInvoiceTotals(lines: readonly TotalsLineInput[], currency: string): InvoiceTotals {
  minorUnits(currency); // refuses unknown currencies before anything is computed
  const lineNetAmounts = lines.map((line) => lineNetAmount(line.quantityMilli, line.unitPrice));
  const netByRate = new Map<number, number>();
  lines.forEach((line, index) => {
    netByRate.set(line.vatRateBp, (netByRate.get(line.vatRateBp) ?? 0) + lineNetAmounts[index]!);
  });
  const vatGroups = [...netByRate]
    .sort(([a], [b]) => b - a)
    .map(([vatRateBp, netAmount]) => ({
      vatRateBp,
      netAmount,
      vatAmount: divideRounded(BigInt(netAmount) * BigInt(vatRateBp), 10_000n),
    }));
  const netTotal = lineNetAmounts.reduce((sum, amount) => sum + amount, 0);
  const vatTotal = vatGroups.reduce((sum, group) => sum + group.vatAmount, 0);
  const unrounded = netTotal + vatTotal;
  const total = currency === 'CHF' ? roundToFiveRappen(unrounded) : unrounded;
  return { lineNetAmounts, vatGroups, netTotal, vatTotal, roundingAmount: total - unrounded, total };
}

/**
 * Quantity as thousandths, exactly from its decimal text: 1.5 → 1500, "0.001" → 1.
 * More than 3 decimals, zero, negative or above a million units → null.
 */
export function parseQuantity(value: number | string): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const match = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(text);
  if (!match) return null;
  const milli = Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
  return milli > 0 && milli <= 1_000_000_000 ? milli : null;
}
