// A posted entry is sealed in the database, and closed books stay closed, whatever writes
// to the journal: the application, a script or a person with psql.
import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';

interface Entry {
  id: string;
  lines: { account: string; debit: number; credit: number }[];
}

let test: TestApp;
let tenant: TestTenant;
let bookkeeper: ReturnType<typeof apiClient>;
beforeAll(async () => {
  test = await createTestApp();
  tenant = await createTestTenant(test.database);
  bookkeeper = apiClient(test.app, tenant.keys.bookkeeper);
});

const entrySql = (id: string, date: string) =>
  `insert into journal_entries (id, tenant_id, entry_date, text, source, idempotency_key, currency)
   values ('${id}', '${tenant.tenantId}', '${date}', 'raw', 'manual', 'raw:${id}', 'CHF')`;
const lineSql = (id: string, no: number, account: string, amount: number) =>
  `insert into journal_lines (entry_id, tenant_id, line_no, account_number, amount, amount_chf, rate)
   values ('${id}', '${tenant.tenantId}', ${no}, '${account}', ${amount}, ${amount}, 1)`;
const balancedPair = (id: string, first: number, amount: number) => [
  lineSql(id, first, '1029', amount),
  lineSql(id, first + 1, '3200', -amount),
];

async function revenueChf(): Promise<number> {
  const trial = await bookkeeper.get<{ accounts: { account: string; balanceChf: number }[] }>(
    '/api/v1/journal/trial-balance?date=2026-12-31',
  );
  return trial.body.accounts.find((a) => a.account === '3200')?.balanceChf ?? 0;
}

describe('a posted entry is sealed', () => {
  it('refuses balanced lines added later to a CHF 3.40 fee entry: it keeps its two lines and no revenue appears', async () => {
    const fee = await bookkeeper.post<Entry>('/api/v1/journal/manual-entries', {
      date: '2026-05-04',
      text: 'Saferpay fees April',
      currency: 'CHF',
      lines: [
        { account: '6940', debit: 340 },
        { account: '1029', credit: 340 },
      ],
    });
    expect(fee.status).toBe(201);

    await expect(test.database.rawTransaction(balancedPair(fee.body.id, 3, 99_900))).rejects.toThrow(/sealed/);

    const after = await bookkeeper.get<Entry>(`/api/v1/journal/entries/${fee.body.id}`);
    expect(after.body.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['6940', 340, 0],
      ['1029', 0, 340],
    ]);
    expect(await revenueChf()).toBe(0);
  });

  it('still takes the lines from the transaction that posts the entry, also when it posts in a savepoint', async () => {
    const inSavepoint = crypto.randomUUID();
    await test.database.rawTransaction([
      'savepoint posting',
      entrySql(inSavepoint, '2026-05-05'),
      lineSql(inSavepoint, 1, '1029', 500),
      'release savepoint posting',
      lineSql(inSavepoint, 2, '3200', -500),
    ]);
    const posted = await bookkeeper.get<Entry>(`/api/v1/journal/entries/${inSavepoint}`);
    expect(posted.body.lines).toHaveLength(2);

    // The next transaction, even one that writes the entry's own "posting transaction" column,
    // cannot add to it.
    await expect(
      test.database.rawTransaction([
        `select pg_current_xact_id()`,
        ...balancedPair(inSavepoint, 3, 100),
      ]),
    ).rejects.toThrow(/sealed/);
    await expect(
      test.database.raw(`update journal_entries set posted_in_xact = pg_current_xact_id() where id = '${inSavepoint}'`),
    ).rejects.toThrow(/append-only/);
    expect(await revenueChf()).toBe(-500);
  });
});

describe('closed books in the database', () => {
  it('refuses an entry dated in the closed period of its tenant, however it is written', async () => {
    const own = await createTestTenant(test.database);
    const admin = apiClient(test.app, own.keys.admin);
    expect((await admin.patch('/api/v1/settings', { booksClosedUntil: '2026-03-31' })).status).toBe(200);

    const closedDay = crypto.randomUUID();
    const inClosedPeriod = [
      entrySql(closedDay, '2026-03-31').replaceAll(tenant.tenantId, own.tenantId),
      lineSql(closedDay, 1, '1029', 340).replaceAll(tenant.tenantId, own.tenantId),
      lineSql(closedDay, 2, '6940', -340).replaceAll(tenant.tenantId, own.tenantId),
    ];
    await expect(test.database.rawTransaction(inClosedPeriod)).rejects.toThrow(/closed up to 2026-03-31/);

    const openDay = crypto.randomUUID();
    await test.database.rawTransaction([
      entrySql(openDay, '2026-04-01').replaceAll(tenant.tenantId, own.tenantId),
      lineSql(openDay, 1, '1029', 340).replaceAll(tenant.tenantId, own.tenantId),
      lineSql(openDay, 2, '6940', -340).replaceAll(tenant.tenantId, own.tenantId),
    ]);
    const journal = await apiClient(test.app, own.keys.bookkeeper).get<{ items: { date: string }[] }>(
      '/api/v1/journal/entries',
    );
    expect(journal.body.items.map((entry) => entry.date)).toEqual(['2026-04-01']);
  });
});

describe.skipIf(!process.env.DATABASE_URL)('closing the books while entries are being posted', () => {
  it('refuses the entries once the close commits, instead of booking them into the closed period', async () => {
    const own = await createTestTenant(test.database);
    const ownBookkeeper = apiClient(test.app, own.keys.bookkeeper);
    const raw = crypto.randomUUID();
    const closer = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    let throughApi: Promise<{ status: number; body: { code?: string } }> | undefined;
    let throughSql: Promise<unknown> | undefined;
    try {
      await closer.begin(async (sql) => {
        await sql`update tenants set books_closed_until = '2026-06-30' where id = ${own.tenantId}`;
        throughApi = ownBookkeeper.post('/api/v1/journal/manual-entries', {
          date: '2026-06-15',
          text: 'Saferpay fees June',
          currency: 'CHF',
          lines: [
            { account: '6940', debit: 340 },
            { account: '1029', credit: 340 },
          ],
        });
        throughSql = test.database
          .rawTransaction([
            entrySql(raw, '2026-06-16').replaceAll(tenant.tenantId, own.tenantId),
            lineSql(raw, 1, '1029', 340).replaceAll(tenant.tenantId, own.tenantId),
            lineSql(raw, 2, '6940', -340).replaceAll(tenant.tenantId, own.tenantId),
          ])
          .then(() => 'booked', (error: Error) => error.message);
        // Both postings are under way while the period is being closed.
        await new Promise((resolve) => setTimeout(resolve, 300));
      });
    } finally {
      await closer.end();
    }
    const answer = await throughApi!;
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('period_closed');
    expect(await throughSql).toMatch(/closed up to 2026-06-30/);
    const journal = await ownBookkeeper.get<{ total: number }>('/api/v1/journal/entries');
    expect(journal.body.total).toBe(0);
  });
});
