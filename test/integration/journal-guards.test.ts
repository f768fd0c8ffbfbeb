// The database itself protects the journal, whatever code (or person with psql) writes to it.
import { beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/client.js';
import { postEntry } from '../../src/ledger/post.js';
import { createTestTenant } from '../helpers/app.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

let database: TestDatabase;
let tenantId: string;

beforeAll(async () => {
  database = await testDatabase();
  tenantId = (await createTestTenant(database)).tenantId;
});

const entrySql = (id: string, key: string) =>
  `insert into journal_entries (id, tenant_id, entry_date, text, source, idempotency_key, currency)
   values ('${id}', '${tenantId}', '2026-05-01', 'raw', 'manual', '${key}', 'CHF');`;
const lineSql = (id: string, no: number, account: string, amount: number) =>
  `insert into journal_lines (entry_id, tenant_id, line_no, account_number, amount, amount_chf, rate)
   values ('${id}', '${tenantId}', ${no}, '${account}', ${amount}, ${amount}, 1);`;

async function countEntries(key: string) {
  const rows = await database.db.query.journalEntries.findMany({
    where: (entries, { and, eq }) => and(eq(entries.tenantId, tenantId), eq(entries.idempotencyKey, key)),
  });
  return rows.length;
}

describe('journal guards in the database', () => {
  it('refuses an unbalanced entry inserted with raw SQL, at commit', async () => {
    const id = crypto.randomUUID();
    await expect(
      database.rawTransaction([
        entrySql(id, 'raw-unbalanced'),
        lineSql(id, 1, '6940', 340),
        lineSql(id, 2, '1029', -300),
      ]),
    ).rejects.toThrow(/does not balance/);
    expect(await countEntries('raw-unbalanced')).toBe(0);
  });

  it('refuses an entry with a single line', async () => {
    const id = crypto.randomUUID();
    await expect(
      database.rawTransaction([entrySql(id, 'raw-single'), lineSql(id, 1, '6940', 340)]),
    ).rejects.toThrow(/at least two/);
    expect(await countEntries('raw-single')).toBe(0);
  });

  it('accepts a balanced raw entry, then refuses UPDATE and DELETE on entries and lines', async () => {
    const id = crypto.randomUUID();
    await database.rawTransaction([
      entrySql(id, 'raw-balanced'),
      lineSql(id, 1, '6940', 340),
      lineSql(id, 2, '1029', -340),
    ]);
    expect(await countEntries('raw-balanced')).toBe(1);
    await expect(
      database.raw(`update journal_lines set amount = 999 where entry_id = '${id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      database.raw(`update journal_entries set text = 'changed' where id = '${id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(database.raw(`delete from journal_lines where entry_id = '${id}'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(database.raw(`delete from journal_entries where id = '${id}'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(database.raw('truncate journal_lines cascade')).rejects.toThrow(/append-only/);
    const entry = await database.db.query.journalEntries.findFirst({ where: (e, { eq }) => eq(e.id, id) });
    expect(entry?.text).toBe('raw');
  });

  it('books an idempotency key once, even when posted twice at the same time', async () => {
    const post = () =>
      withTransaction(database.db, (tx) =>
        postEntry(tx, {
          tenantId,
          date: '2026-05-02',
          text: 'Saferpay fees',
          source: 'manual',
          idempotencyKey: 'fees:2026-05',
          currency: 'CHF',
          lines: [
            { account: '6940', amount: 340 },
            { account: '1029', amount: -340 },
          ],
        }),
      );
    const results = await Promise.all([post(), post(), post(), post()]);
    expect(new Set(results.map((r) => r.entryId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countEntries('fees:2026-05')).toBe(1);
  });
});
