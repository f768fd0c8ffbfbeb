// On PostgreSQL the service can run as a role that owns no table (deploy/postgres-app-role.sql):
// it starts and books as usual, and cannot switch off the triggers that guard the journal.
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../src/db/client.js';
import { postEntry } from '../../src/ledger/post.js';
import { type OpenDatabase, openPostgresDatabase } from '../../src/node/database.js';
import { type TestTenant, createTestTenant } from '../helpers/app.js';
import { type TestDatabase, testDatabase } from '../helpers/database.js';

const url = process.env.DATABASE_URL;

describe.skipIf(!url)('the service as a PostgreSQL role that owns no table', () => {
  // Roles belong to the whole server: a name of its own, dropped afterwards.
  const role = `paylink_app_test_${crypto.randomUUID().slice(0, 8)}`;
  let owner: postgres.Sql;
  let roleUrl: string;
  let database: TestDatabase;
  let tenant: TestTenant;
  let service: OpenDatabase | undefined;
  let asRole: postgres.Sql | undefined;

  beforeAll(async () => {
    owner = postgres(url!, { max: 1, onnotice: () => {} });
    database = await testDatabase();
    tenant = await createTestTenant(database);
    await owner.unsafe(`create role ${role} login`);
    const script = readFileSync('deploy/postgres-app-role.sql', 'utf8').replaceAll('paylink_app', role);
    await owner.unsafe(script);
    const parsed = new URL(url!);
    parsed.username = role;
    parsed.password = '';
    roleUrl = parsed.toString();
    asRole = postgres(roleUrl, { max: 1, onnotice: () => {} });
  });

  afterAll(async () => {
    await service?.close();
    await asRole?.end();
    await owner.unsafe(`drop owned by ${role}; drop role ${role}`);
    await owner.end();
  });

  const fee = (key: string) => ({
    tenantId: tenant.tenantId,
    date: '2026-05-04',
    text: 'Saferpay fees April',
    source: 'manual' as const,
    idempotencyKey: key,
    currency: 'CHF',
    lines: [
      { account: '6940', amount: 340 },
      { account: '1029', amount: -340 },
    ],
  });

  it('starts without trying to migrate what the owner migrated, and books as usual', async () => {
    service = await openPostgresDatabase(roleUrl, { max: 2 });
    const posted = await withTransaction(service.db, (tx) => postEntry(tx, fee(`role-${role}`)));
    expect(posted.created).toBe(true);
    const [who] = await asRole!`select current_user as name`;
    expect(who?.name).toBe(role);
  });

  it('cannot disable or drop the journal triggers, nor add lines to or change a posted entry', async () => {
    const { entryId } = await withTransaction(database.db, (tx) => postEntry(tx, fee(`owner-${role}`)));
    const refusals: [string, RegExp][] = [
      ['alter table journal_lines disable trigger journal_lines_sealed_entry', /must be owner/],
      ['alter table journal_lines disable trigger all', /must be owner/],
      ['drop trigger journal_entries_period_open on journal_entries', /must be owner/],
      ['set session_replication_role = replica', /permission denied/],
      [`update journal_lines set amount = 99900 where entry_id = '${entryId}'`, /permission denied/],
      [`delete from journal_lines where entry_id = '${entryId}'`, /permission denied/],
    ];
    for (const [statement, refusal] of refusals) {
      await expect(asRole!.unsafe(statement), statement).rejects.toThrow(refusal);
    }
    const append = asRole!.begin(async (sql) => {
      for (const [no, account, amount] of [
        [3, '1029', 99_900],
        [4, '3200', -99_900],
      ] as const) {
        await sql`insert into journal_lines (entry_id, tenant_id, line_no, account_number, amount, amount_chf, rate)
          values (${entryId}, ${tenant.tenantId}, ${no}, ${account}, ${amount}, ${amount}, 1)`;
      }
    });
    await expect(append).rejects.toThrow(/sealed/);
    const lines = await owner`select account_number, amount from journal_lines where entry_id = ${entryId} order by line_no`;
    expect(lines.map((line) => [line.account_number, Number(line.amount)])).toEqual([
      ['6940', 340],
      ['1029', -340],
    ]);
  });
});
