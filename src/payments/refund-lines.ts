// Which accounts a refund gives back from: the credit lines of the payment's own booking,
// suspense and prepayments first (money nobody owed), debtors last, minus what earlier
// refunds of the same payment already took. Pure, so it can be tested on its own.
import { accountNumbers } from '../ledger/chart.js';

const order = [accountNumbers.suspense, accountNumbers.prepayments, accountNumbers.debtors] as const;

export function refundDraws(
  captureCredits: ReadonlyMap<string, number>,
  alreadyRefunded: ReadonlyMap<string, number>,
  amount: number,
): Map<string, number> {
  const draws = new Map<string, number>();
  let left = amount;
  for (const account of order) {
    const available = (captureCredits.get(account) ?? 0) - (alreadyRefunded.get(account) ?? 0);
    const take = Math.min(left, Math.max(available, 0));
    if (take > 0) draws.set(account, take);
    left -= take;
  }
  if (left > 0) throw new Error(`refund of ${amount} exceeds what the payment booked`);
  return draws;
}
