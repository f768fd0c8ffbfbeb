// Totals the way a Swiss bookkeeper checks them, and a property test over random invoices.
import { describe, expect, it } from 'vitest';
import {
  type TotalsLineInput,
  computeInvoiceTotals,
  parseQuantity,
  roundToFiveRappen,
} from '../../src/invoices/totals.js';

const line = (quantityMilli: number, unitPrice: number, vatRateBp = 810): TotalsLineInput => ({
  quantityMilli,
  unitPrice,
  vatRateBp,
  revenueAccount: '3200',
});

describe('invoice totals', () => {
  it('computes VAT per rate and rounds CHF to five Rappen', () => {
    const totals = computeInvoiceTotals([line(3000, 3333), line(1000, 1000, 260)], 'CHF');
    expect(totals.lineNetAmounts).toEqual([9999, 1000]);
    expect(totals.vatGroups).toEqual([
      { vatRateBp: 810, netAmount: 9999, vatAmount: 810 }, // 8.0992 → 8.10
      { vatRateBp: 260, netAmount: 1000, vatAmount: 26 },
    ]);
    expect(totals).toMatchObject({ netTotal: 10999, vatTotal: 836, roundingAmount: 0, total: 11835 });
  });

  it('rounds 1–2 Rappen down and 3–4 up, and leaves other currencies alone', () => {
    expect([101, 102, 103, 104, 105, -103].map(roundToFiveRappen)).toEqual([100, 100, 105, 105, 105, -105]);
    const chf = computeInvoiceTotals([line(1000, 1001, 0)], 'CHF');
    expect(chf).toMatchObject({ total: 1000, roundingAmount: -1 });
    const eur = computeInvoiceTotals([line(1000, 1001, 0)], 'EUR');
    expect(eur).toMatchObject({ total: 1001, roundingAmount: 0 });
    const jpy = computeInvoiceTotals([line(1500, 999)], 'JPY');
    expect(jpy).toMatchObject({ lineNetAmounts: [1499], total: 1499 + 121 });
  });

  it('reads quantities exactly from their decimal text', () => {
    expect(parseQuantity(1.5)).toBe(1500);
    expect(parseQuantity('0.001')).toBe(1);
    expect(parseQuantity('12.125')).toBe(12125);
    for (const bad of [1.0005, 0, -1, '1,5', '1e3', 2_000_000, Number.NaN])
      expect(parseQuantity(bad)).toBeNull();
  });

  it('adds up for many random invoices', () => {
    let seed = 20261122;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const rates = [810, 260, 380, 0];
    for (let i = 0; i < 2000; i++) {
      const currency = ['CHF', 'EUR', 'JPY'][random(3)]!;
      const lines = Array.from({ length: 1 + random(12) }, () =>
        line(1 + random(50_000), random(1_000_000), rates[random(4)]),
      );
      const totals = computeInvoiceTotals(lines, currency);
      expect(totals.lineNetAmounts.reduce((s, x) => s + x, 0)).toBe(totals.netTotal);
      expect(totals.vatGroups.reduce((s, g) => s + g.netAmount, 0)).toBe(totals.netTotal);
      expect(totals.vatGroups.reduce((s, g) => s + g.vatAmount, 0)).toBe(totals.vatTotal);
      for (const group of totals.vatGroups) {
        const exact = (group.netAmount * group.vatRateBp) / 10_000;
        expect(Math.abs(group.vatAmount - exact)).toBeLessThanOrEqual(0.5);
      }
      lines.forEach((l, index) => {
        expect(
          Math.abs(totals.lineNetAmounts[index]! - (l.quantityMilli * l.unitPrice) / 1000),
        ).toBeLessThanOrEqual(0.5);
      });
      expect(totals.total).toBe(totals.netTotal + totals.vatTotal + totals.roundingAmount);
      if (currency === 'CHF') {
        expect(totals.total % 5).toBe(0);
        expect(Math.abs(totals.roundingAmount)).toBeLessThanOrEqual(2);
      } else {
        expect(totals.roundingAmount).toBe(0);
      }
    }
  });
});
