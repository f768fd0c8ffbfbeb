// The booking of a sent invoice: debit debtors with the total; credit revenue per line
// account and VAT owed per rate. The CHF 0.05 rounding goes to the revenue account of
// the first line, where a Swiss bookkeeper expects it; zero lines are left out.
import { accountNumbers } from '../ledger/chart.js';
import type { DraftLine } from '../ledger/balance.js';
import type { InvoiceTotals } from './totals.js';

export function receivableLines(
  lines: readonly { revenueAccount: string; netAmount: number }[],
  totals: Pick<InvoiceTotals, 'vatGroups' | 'roundingAmount' | 'total'>,
): DraftLine[] {
  const revenueByAccount = new Map<string, number>();
  for (const line of lines) {
    revenueByAccount.set(
      line.revenueAccount,
      (revenueByAccount.get(line.revenueAccount) ?? 0) + line.netAmount,
    );
  }
  const firstAccount = lines[0]?.revenueAccount ?? accountNumbers.revenue;
  revenueByAccount.set(firstAccount, (revenueByAccount.get(firstAccount) ?? 0) + totals.roundingAmount);
  const credits: DraftLine[] = [
    ...[...revenueByAccount].map(([account, amount]) => ({ account, amount: -amount })),
    ...totals.vatGroups.map((group) => ({ account: accountNumbers.vatOwed, amount: -group.vatAmount })),
  ];
  return [{ account: accountNumbers.debtors, amount: totals.total }, ...credits].filter(
    (line) => line.amount !== 0,
  );
}
