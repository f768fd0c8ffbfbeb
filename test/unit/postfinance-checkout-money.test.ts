// Amounts cross to PostFinance Checkout as JSON decimals: written digit for digit from minor
// units, read back without a float's rounding, and refused when they are no amount.
import { describe, expect, it } from 'vitest';
import { decimal, decimalJson, minorOf } from '../../src/providers/postfinance-checkout/money.js';

describe('PostFinance Checkout amounts', () => {
  it('writes minor units as a bare JSON decimal of exactly their digits', () => {
    expect(decimalJson({ amount: decimal(125040, 'CHF'), items: [{ amountIncludingTax: decimal(5, 'CHF') }], text: 'CHF 0.05' })).toBe(
      '{"amount":1250.40,"items":[{"amountIncludingTax":0.05}],"text":"CHF 0.05"}',
    );
    expect(decimalJson({ amount: decimal(1200, 'JPY') })).toBe('{"amount":1200}');
  });

  it('reads what the platform answered back into minor units, and nothing that is no amount', () => {
    expect(minorOf(1250.4, 'CHF')).toBe(125040);
    expect(minorOf(0.1 + 0.2, 'CHF')).toBeNull();
    expect(minorOf(-5, 'CHF')).toBeNull();
    expect(minorOf(null, 'CHF')).toBeNull();
    expect(minorOf(12.5, 'XXX')).toBeNull();
  });
});
