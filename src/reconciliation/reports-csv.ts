// Reports for spreadsheets, as the journal export writes them: UTF-8 with BOM, `;`, amounts
// as decimals with a point.
import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { connections, journalEntries, journalLines, payoutProposals } from '../db/schema.js';
import { accountNumbers } from '../ledger/chart.js';
import { accountTotals } from '../ledger/balances.js';
import { formatMinor } from '../ledger/currencies.js';
import { csvBom, csvField } from '../ledger/export-csv.js';

const csv = (rows: string[][]) => csvBom + rows.map((row) => `${row.map(csvField).join(';')}\r\n`).join('');

export async function trialBalanceCsv(db: Queryable, tenantId: string, date: string): Promise<string> {
  const rows = await accountTotals(db, tenantId, { to: date });
  return csv([
    ['Account', 'Name', 'Debit CHF', 'Credit CHF', 'Balance CHF'],
    ...rows.map((row) => [row.account, row.name, formatMinor(row.debitChf, 'CHF'), formatMinor(row.creditChf, 'CHF'), formatMinor(row.balanceChf, 'CHF')]),
  ]);
}

/**
 * Fees per payment service and month: what payouts left on 6940 (their fee residual), by
 * the service of the payout; other entries on 6940 (a fee entered by hand) count as
 * "manual". In the entry's currency and in CHF.
 */
export async function feesCsv(db: Queryable, tenantId: string): Promise<string> {
  const month = sql<string>`to_char(${journalEntries.entryDate}, 'YYYY-MM')`;
  const service = sql<string>`coalesce(${connections.label}, 'manual')`;
  const rows = await db
    .select({
      month,
      service,
      provider: sql<string>`coalesce(${connections.provider}, '')`,
      currency: journalEntries.currency,
      amount: sql<string>`sum(${journalLines.amount})`,
      amountChf: sql<string>`sum(${journalLines.amountChf})`,
    })
    .from(journalLines)
    .innerJoin(journalEntries, eq(journalEntries.id, journalLines.entryId))
    .leftJoin(payoutProposals, and(eq(journalEntries.source, 'payout'), sql`${payoutProposals.id}::text = ${journalEntries.sourceRef}`))
    .leftJoin(connections, eq(connections.id, payoutProposals.connectionId))
    .where(and(eq(journalLines.tenantId, tenantId), eq(journalLines.accountNumber, accountNumbers.bankCharges)))
    .groupBy(month, service, connections.provider, journalEntries.currency)
    .orderBy(month, service, journalEntries.currency);
  return csv([
    ['Month', 'Payment service', 'Provider', 'Currency', 'Fees', 'Fees CHF'],
    ...rows.map((row) => [row.month, row.service, row.provider, row.currency, formatMinor(Number(row.amount), row.currency), formatMinor(Number(row.amountChf), 'CHF')]),
  ]);
}
