// The Swiss SME accounts this product books on, seeded into every new tenant.
import type { Tx } from '../db/client.js';
import { accounts } from '../db/schema.js';

export type AccountKind = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export const defaultChart: ReadonlyArray<{ number: string; name: string; kind: AccountKind }> = [
  { number: '1020', name: 'Bank', kind: 'asset' },
  { number: '1029', name: 'Bank – system account', kind: 'asset' },
  { number: '1099', name: 'Suspense (unclear amounts)', kind: 'asset' },
  { number: '1100', name: 'Debtors', kind: 'asset' },
  { number: '2030', name: 'Customer prepayments', kind: 'liability' },
  { number: '2200', name: 'VAT owed', kind: 'liability' },
  { number: '3200', name: 'Revenue', kind: 'revenue' },
  { number: '6940', name: 'Bank charges', kind: 'expense' },
  { number: '6960', name: 'Exchange differences', kind: 'expense' },
];

export const accountNumbers = {
  bank: '1020',
  system: '1029',
  suspense: '1099',
  debtors: '1100',
  prepayments: '2030',
  vatOwed: '2200',
  revenue: '3200',
  bankCharges: '6940',
  exchangeDifferences: '6960',
} as const;

export async function seedChartOfAccounts(tx: Tx, tenantId: string): Promise<void> {
  await tx.insert(accounts).values(defaultChart.map((account) => ({ ...account, tenantId })));
}
