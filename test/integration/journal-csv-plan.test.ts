// A prepared statement runs on a generic plan after five runs, and the export's generic plan
// walks a batch with nested loops at twice the cost (src/db/prepared-statements.ts). An export
// long enough to run its batch statement more than five times on one connection must leave no
// prepared statement behind on it: each batch was planned for its own values.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, withTransaction } from '../../src/db/client.js';
import { preparingEveryStatement } from '../../src/db/prepared-statements.js';
import * as schema from '../../src/db/schema.js';
import { exportJournalCsv } from '../../src/ledger/export-csv.js';
import { postEntry } from '../../src/ledger/post.js';
import { type TestApp, type TestTenant, createTestApp, createTestTenant } from '../helpers/app.js';

const url = process.env.DATABASE_URL;

async function exported(db: Database, tenantId: string, batchEntries: number): Promise<string> {
  let csv = '';
  for await (const chunk of exportJournalCsv(db, tenantId, { from: '2026-05-01', to: '2026-05-31' }, { batchEntries })) csv += chunk;
  return csv;
}

describe.skipIf(!url)('the CSV export on PostgreSQL', () => {
  let test: TestApp;
  let tenant: TestTenant;
  // One connection, opened as the service opens its own, so every batch runs on it.
  const client = postgres(url ?? '', { max: 1, onnotice: () => {} });
  const oneConnection = drizzle(preparingEveryStatement(client), { schema }) as unknown as Database;
  afterAll(() => client.end({ timeout: 5 }));

  beforeAll(async () => {
    test = await createTestApp();
    tenant = await createTestTenant(test.database);
    for (let day = 1; day <= 12; day++) {
      await withTransaction(test.database.db, (tx) =>
        postEntry(tx, {
          tenantId: tenant.tenantId,
          source: 'manual',
          date: `2026-05-${String(day).padStart(2, '0')}`,
          text: `Fee ${day}`,
          idempotencyKey: `plan:${day}`,
          currency: 'CHF',
          lines: [
            { account: '6940', amount: 100 * day },
            { account: '1029', amount: -100 * day },
          ],
        }),
      );
    }
  });

  it('plans each batch for its own values and keeps no generic plan on the connection', async () => {
    // Twelve entries one per batch: the batch statement runs twelve times on the connection.
    const inBatchesOfOne = await exported(oneConnection, tenant.tenantId, 1);
    const kept = await client.unsafe<{ statement: string }[]>('select statement from pg_prepared_statements');
    expect(kept.filter((row) => row.statement.includes('journal_lines'))).toEqual([]);
    // The same export as one batch: nothing lost or repeated between batches.
    expect(inBatchesOfOne).toBe(await exported(oneConnection, tenant.tenantId, 2000));
    expect(inBatchesOfOne.split('\r\n').filter((line) => line.includes(';Fee '))).toHaveLength(24);
  });
});
