// The pure parts of reading bank files: decimal amounts into minor units without floats,
// and when two lines are the same bank entry.
import { describe, expect, it } from 'vitest';
import type { StatementLine } from '../../src/reconciliation/camt-parse.js';
import { parseDecimalAmount } from '../../src/reconciliation/decimal-amount.js';
import { lineIdentities } from '../../src/reconciliation/entry-identity.js';

describe('parseDecimalAmount', () => {
  it('reads decimal strings exactly, in the currency’s minor units', () => {
    expect(parseDecimalAmount('0.29', 'CHF')).toEqual({ amount: 29 });
    expect(parseDecimalAmount('1234567890123.45', 'CHF')).toEqual({ amount: 123456789012345 });
    expect(parseDecimalAmount('12.50', 'CHF')).toEqual({ amount: 1250 });
    expect(parseDecimalAmount('12.500', 'CHF')).toEqual({ amount: 1250 });
    expect(parseDecimalAmount('1500', 'JPY')).toEqual({ amount: 1500 });
    expect(parseDecimalAmount('1.234', 'KWD')).toEqual({ amount: 1234 });
  });

  it('refuses what is not an amount, never rounding', () => {
    expect(parseDecimalAmount('12.505', 'CHF')).toHaveProperty('problem');
    expect(parseDecimalAmount('-12.50', 'CHF')).toHaveProperty('problem');
    expect(parseDecimalAmount('1e3', 'CHF')).toHaveProperty('problem');
    expect(parseDecimalAmount('12,50', 'CHF')).toHaveProperty('problem');
    expect(parseDecimalAmount('12.50', 'XYZ')).toHaveProperty('problem');
  });
});

const line = (overrides: Partial<StatementLine> = {}): StatementLine => ({
  path: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]',
  entryRef: null,
  detailIndex: 0,
  detailCount: 1,
  bookingDate: '2026-11-03',
  valueDate: '2026-11-03',
  amount: 15000,
  currency: 'CHF',
  direction: 'credit',
  acctSvcrRef: null,
  endToEndId: null,
  reference: null,
  referenceType: null,
  remittanceText: 'Miete',
  counterpartyName: 'Hans Muster',
  counterpartyIban: null,
  ...overrides,
});

describe('lineIdentities', () => {
  it('names an entry by the account and the bank’s reference, whatever the file', async () => {
    const [first] = await lineIdentities('CH93', [line({ entryRef: 'R1' })]);
    const [again] = await lineIdentities('CH93', [line({ entryRef: 'R1', remittanceText: 'other text' })]);
    expect(first).toBe(again);
    expect(first).not.toBe((await lineIdentities('CH44', [line({ entryRef: 'R1' })]))[0]);
  });

  it('without a reference, keeps two equal transfers of one file apart and the same file the same', async () => {
    const file = [line(), line(), line({ amount: 15001 })];
    const names = await lineIdentities('CH93', file);
    expect(new Set(names).size).toBe(3);
    expect(await lineIdentities('CH93', file)).toEqual(names);
  });
});
