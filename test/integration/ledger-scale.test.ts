// The journal's reads at scale (issue 11): keyset paging with nextCursor, balances from the month
// totals plus the lines of the date's month, the CSV export in batches, and the month totals
// that only the journal's trigger may write.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/client.js';
import { accountTotals } from '../../src/ledger/balances.js';
import { exportJournalCsv } from '../../src/ledger/export-csv.js';
import { listEntryIds } from '../../src/ledger/read-entries.js';
import { postEntry } from '../../src/ledger/post.js';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { expectInvariants } from '../helpers/invariants.js';

let test: TestApp;
let tenant: TestTenant;
beforeAll(async () => {
  test = await createTestApp();
  tenant = await createTestTenant(test.database);
  // Entries over three months, several on one day (so the order needs the sequence too), in
  // two currencies, one with two lines on the same account.
  const days = ['2026-01-31', '2026-02-01', '2026-02-01', '2026-02-15', '2026-02-28', '2026-03-01', '2026-03-01', '2026-03-17'];
  let n = 0;
  for (const date of days) {
    for (let k = 0; k < 3; k++) {
      n++;
      const eur = n % 4 === 0;
      await withTransaction(test.database.db, (tx) =>
        postEntry(tx, {
          tenantId: tenant.tenantId,
          date,
          text: `entry ${n}`,
          source: n % 5 === 0 ? 'payout' : 'manual',
          idempotencyKey: `scale:${n}`,
          currency: eur ? 'EUR' : 'CHF',
          rate: eur ? '0.95' : undefined,
          lines:
            n % 7 === 0
              ? [
                  { account: '1020', amount: 100 * n },
                  { account: '1020', amount: 50 },
                  { account: '1029', amount: -(100 * n + 50) },
                ]
              : [
                  { account: '6940', amount: 10 * n },
                  { account: '1029', amount: -10 * n },
                ],
        }),
      );
    }
  }
});

async function allIds(filter: Parameters<typeof listEntryIds>[2], limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listEntryIds(test.database.db, tenant.tenantId, filter, { limit, cursor });
    ids.push(...page.ids);
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

describe('journal pages with a cursor', () => {
  it('walk every entry once in date and booking order, filtered or not, whatever the page size', async () => {
    const everything = (await listEntryIds(test.database.db, tenant.tenantId, {}, { limit: 1000 })).ids;
    expect(everything).toHaveLength(24);
    for (const limit of [1, 2, 5, 24, 25]) expect(await allIds({}, limit)).toEqual(everything);

    const onBank = (await listEntryIds(test.database.db, tenant.tenantId, { account: '1020' }, { limit: 1000 })).ids;
    expect(onBank).toHaveLength(3); // entries 7, 14, 21: one each, although two lines each
    expect(await allIds({ account: '1020' }, 1)).toEqual(onBank);
    expect(everything.filter((id) => onBank.includes(id))).toEqual(onBank);

    const february = await allIds({ from: '2026-02-01', to: '2026-02-28' }, 2);
    expect(february).toEqual(everything.slice(3, 15));
    const payments = await allIds({ source: 'payout', account: '1029' }, 2);
    expect(payments).toHaveLength(4);
  });

  it('over the API: nextCursor, a capped total, and page still works', async () => {
    const api = apiClient(test.app, tenant.keys.bookkeeper);
    type Page = { items: { text: string }[]; nextCursor: string | null; total: number; totalIsExact: boolean };
    const first = await api.get<Page>('/api/v1/journal/entries?pageSize=10');
    expect(first.body).toMatchObject({ total: 24, totalIsExact: true });
    expect(first.body.items).toHaveLength(10);
    const second = await api.get<Page>(`/api/v1/journal/entries?pageSize=10&cursor=${first.body.nextCursor}`);
    const byPage = await api.get<Page>('/api/v1/journal/entries?pageSize=10&page=2');
    expect(second.body.items.map((e) => e.text)).toEqual(byPage.body.items.map((e) => e.text));
    const third = await api.get<Page>(`/api/v1/journal/entries?pageSize=10&cursor=${second.body.nextCursor}`);
    expect(third.body.items).toHaveLength(4);
    expect(third.body.nextCursor).toBeNull();
    for (const cursor of ['nonsense', '2026-02-30_5', '6650-11-64_9745', '2026-01-01_1234567890123456']) {
      expect((await api.get(`/api/v1/journal/entries?cursor=${cursor}`)).status, cursor).toBe(400);
    }
  });
});

describe('balances from month totals and the lines of the month', () => {
  // The same sums straight from the lines, as the service computed them before.
  async function fromLines(from: string | undefined, to: string) {
    const entries = (await listEntryIds(test.database.db, tenant.tenantId, { from, to }, { limit: 1000 })).ids.length;
    const csv = await text(exportJournalCsv(test.database.db, tenant.tenantId, { from, to }));
    const sums = new Map<string, number>();
    for (const row of csv.split('\r\n').slice(1, -1)) {
      const f = row.split(';');
      const key = f[7]!;
      const debit = Number(f[13] || 0) * 100;
      const credit = Number(f[14] || 0) * 100;
      sums.set(key, Math.round((sums.get(key) ?? 0) + debit - credit));
    }
    return { entries, sums };
  }

  it('match the lines for any range, within a month or across months', async () => {
    const dates = ['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-14', '2026-02-28', '2026-03-01', '2026-03-31', '2026-12-31'];
    for (const to of dates) {
      for (const from of [undefined, '2026-01-31', '2026-02-01', '2026-02-02', '2026-03-01']) {
        if (from && from > to) continue;
        const totals = await accountTotals(test.database.db, tenant.tenantId, { from, to });
        const expected = await fromLines(from, to);
        expect(new Map(totals.map((row) => [row.account, row.balanceChf])), `${from}..${to}`).toEqual(expected.sums);
        for (const row of totals) {
          expect(row.debitChf - row.creditChf).toBe(row.balanceChf);
          expect(row.byCurrency.every((c) => c.debit - c.credit === c.balance)).toBe(true);
        }
      }
    }
    const [bank] = await accountTotals(test.database.db, tenant.tenantId, { to: '2026-12-31', account: '1020' });
    expect(bank).toMatchObject({ account: '1020', debitChf: 700 + 50 + 1400 + 50 + 2100 + 50 });
    await expectInvariants(test.database.db, { tenantId: tenant.tenantId });
  });
});

describe('the CSV export', () => {
  it('streams in batches the same rows as in one batch', async () => {
    const whole = await text(exportJournalCsv(test.database.db, tenant.tenantId, {}, { batchEntries: 1000 }));
    for (const batchEntries of [1, 2, 7, 24]) {
      expect(await text(exportJournalCsv(test.database.db, tenant.tenantId, {}, { batchEntries }))).toBe(whole);
    }
    expect(whole.split('\r\n')).toHaveLength(1 + 24 * 2 + 3 + 1);
    const onBank = await text(exportJournalCsv(test.database.db, tenant.tenantId, { account: '1020' }, { batchEntries: 1 }));
    expect(onBank.split('\r\n')).toHaveLength(1 + 3 * 3 + 1);
  });
});

describe('the month totals', () => {
  it('follow the journal only: no update, delete or truncate by hand', async () => {
    for (const statement of [
      `update journal_month_totals set debit = debit + 1 where tenant_id = '${tenant.tenantId}'`,
      `update journal_month_totals set debit = debit - 1, line_count = line_count + 1 where tenant_id = '${tenant.tenantId}'`,
      `delete from journal_month_totals where tenant_id = '${tenant.tenantId}'`,
      'truncate journal_month_totals',
    ]) {
      await expect(test.database.raw(statement), statement).rejects.toThrow(/journal_month_totals/);
    }
    await expectInvariants(test.database.db, { tenantId: tenant.tenantId });
  });
});

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}
