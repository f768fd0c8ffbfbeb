// Balances and the trial balance, in CHF and per entry currency, up to a date.
import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { accounts, journalEntries, journalLines } from '../db/schema.js';

export interface CurrencyTotals {
  currency: string;
  debit: number;
  credit: number;
  balance: number;
}

export interface AccountTotals {
  account: string;
  name: string;
  debitChf: number;
  creditChf: number;
  balanceChf: number;
  byCurrency: CurrencyTotals[];
}

const sumWhere = (condition: ReturnType<typeof sql>, column: typeof journalLines.amount) =>
  sql`coalesce(sum(case when ${condition} then abs(${column}) else 0 end), 0)::bigint`.mapWith(Number);

/** Totals per account and currency; `from` is optional, `to` inclusive. */
export async function accountTotals(
  db: Queryable,
  tenantId: string,
  range: { from?: string; to: string; account?: string },
): Promise<AccountTotals[]> {
  const conditions = [eq(journalLines.tenantId, tenantId), lte(journalEntries.entryDate, range.to)];
  if (range.from) conditions.push(gte(journalEntries.entryDate, range.from));
  if (range.account) conditions.push(eq(journalLines.accountNumber, range.account));
  const rows = await db
    .select({
      account: journalLines.accountNumber,
      name: accounts.name,
      currency: journalEntries.currency,
      debit: sumWhere(sql`${journalLines.amount} > 0`, journalLines.amount),
      credit: sumWhere(sql`${journalLines.amount} < 0`, journalLines.amount),
      debitChf: sumWhere(sql`${journalLines.amountChf} > 0`, journalLines.amountChf),
      creditChf: sumWhere(sql`${journalLines.amountChf} < 0`, journalLines.amountChf),
    })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .innerJoin(
      accounts,
      and(eq(accounts.tenantId, journalLines.tenantId), eq(accounts.number, journalLines.accountNumber)),
    )
    .where(and(...conditions))
    .groupBy(journalLines.accountNumber, accounts.name, journalEntries.currency)
    .orderBy(asc(journalLines.accountNumber), asc(journalEntries.currency));

  const byAccount = new Map<string, AccountTotals>();
  for (const row of rows) {
    const totals = byAccount.get(row.account) ?? {
      account: row.account,
      name: row.name,
      debitChf: 0,
      creditChf: 0,
      balanceChf: 0,
      byCurrency: [],
    };
    totals.debitChf += row.debitChf;
    totals.creditChf += row.creditChf;
    totals.balanceChf = totals.debitChf - totals.creditChf;
    totals.byCurrency.push({
      currency: row.currency,
      debit: row.debit,
      credit: row.credit,
      balance: row.debit - row.credit,
    });
    byAccount.set(row.account, totals);
  }
  return [...byAccount.values()];
}

export async function accountBalance(db: Queryable, tenantId: string, account: string, date: string) {
  const [totals] = await accountTotals(db, tenantId, { to: date, account });
  return totals ?? null;
}
