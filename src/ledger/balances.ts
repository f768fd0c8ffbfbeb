// Balances and the trial balance, in CHF and per entry currency, up to a date: whole months
// from journal_month_totals (kept by the database at each posting), the rest from the lines.
import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { rowsOf } from '../db/rows.js';
import { accounts, journalLines, journalMonthTotals } from '../db/schema.js';

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

/** The first day of the date's month: "2026-03-17" → "2026-03-01". */
const monthStart = (date: string) => `${date.slice(0, 8)}01`;

/** The day before: "2026-03-01" → "2026-02-28". */
function dayBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/**
 * Everything booked up to the end of `date` (sign 1) or, for the start of a range, taken away
 * again (sign -1): the whole months before the date's month from journal_month_totals, and the
 * lines of its own month up to the date. So a balance reads at most a month of lines, however
 * large the journal.
 */
function upTo(tenantId: string, date: string, sign: 1 | -1, account: string | undefined): SQL {
  const s = sql.raw(String(sign));
  const onAccount = (alias: string) => (account ? sql` and ${sql.raw(alias)}.account_number = ${account}` : sql``);
  return sql`select m.account_number, m.currency, ${s} * m.debit as debit, ${s} * m.credit as credit,
        ${s} * m.debit_chf as debit_chf, ${s} * m.credit_chf as credit_chf, ${s} * m.line_count as lines
      from ${journalMonthTotals} m
      where m.tenant_id = ${tenantId}${onAccount('m')} and m.month < ${monthStart(date)}::date
    union all
    select l.account_number, l.currency, ${s} * greatest(l.amount, 0), ${s} * greatest(-l.amount, 0),
        ${s} * greatest(l.amount_chf, 0), ${s} * greatest(-l.amount_chf, 0), ${s}
      from ${journalLines} l
      where l.tenant_id = ${tenantId}${onAccount('l')} and l.entry_date >= ${monthStart(date)}::date and l.entry_date <= ${date}::date`;
}

/** Totals per account and currency; `from` is optional, `to` inclusive. */
export async function accountTotals(
  db: Queryable,
  tenantId: string,
  range: { from?: string; to: string; account?: string },
): Promise<AccountTotals[]> {
  const parts = [upTo(tenantId, range.to, 1, range.account)];
  if (range.from) parts.push(upTo(tenantId, dayBefore(range.from), -1, range.account));
  const raw = await rowsOf<Record<string, string | number>>(
    db,
    sql`select x.account_number as account, a.name, x.currency, x.debit, x.credit, x.debit_chf, x.credit_chf
      from (
        select p.account_number, p.currency, sum(p.debit)::text as debit, sum(p.credit)::text as credit,
          sum(p.debit_chf)::text as debit_chf, sum(p.credit_chf)::text as credit_chf
        from (${sql.join(parts, sql` union all `)}) p
        group by p.account_number, p.currency
        having sum(p.lines) <> 0
      ) x
      join ${accounts} a on a.tenant_id = ${tenantId} and a.number = x.account_number
      order by x.account_number, x.currency`,
  );
  const rows = raw.map((row) => ({
    account: row.account as string,
    name: row.name as string,
    currency: row.currency as string,
    debit: Number(row.debit),
    credit: Number(row.credit),
    debitChf: Number(row.debit_chf),
    creditChf: Number(row.credit_chf),
  }));

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
