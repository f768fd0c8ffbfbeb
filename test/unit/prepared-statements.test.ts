// The wrapper that makes drizzle's statements prepared ones on PostgreSQL: every statement with
// parameters is prepared, also inside transactions and savepoints, except bulk writes whose
// shape follows their row count.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import type postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { plannedEachTime, preparingEveryStatement } from '../../src/db/prepared-statements.js';

function recordingClient() {
  const sent: { query: string; prepare: boolean | undefined }[] = [];
  const client = {
    unsafe: (query: string, _parameters?: unknown[], options?: { prepare?: boolean }) => {
      sent.push({ query, prepare: options?.prepare });
      return Promise.resolve([]);
    },
    begin: (callback: (tx: unknown) => unknown) => callback(client),
    savepoint: (callback: (tx: unknown) => unknown) => callback(client),
    options: { parsers: {}, serializers: {} },
  };
  return { client: client as unknown as postgres.Sql, sent };
}

describe('preparing every statement', () => {
  it('prepares a statement with parameters, also in a transaction and a savepoint', async () => {
    const { client, sent } = recordingClient();
    const wrapped = preparingEveryStatement(client);
    await wrapped.unsafe('select $1', [1]);
    await wrapped.begin(async (tx) => {
      await tx.unsafe('update t set a = $1', [2]);
      await tx.savepoint(async (inner) => inner.unsafe('insert into t values ($1)', [3]));
    });
    expect(sent).toEqual([
      { query: 'select $1', prepare: true },
      { query: 'update t set a = $1', prepare: true },
      { query: 'insert into t values ($1)', prepare: true },
    ]);
  });

  it('leaves a bulk write unprepared, so a connection does not keep a plan per row count', async () => {
    const { client, sent } = recordingClient();
    const values = Array.from({ length: 500 }, (_, i) => i);
    await preparingEveryStatement(client).unsafe('insert into t values ...', values);
    expect(sent).toEqual([{ query: 'insert into t values ...', prepare: false }]);
  });

  it('leaves a read marked as planned each time unprepared, also in a transaction', async () => {
    const { client, sent } = recordingClient();
    const db = drizzle(preparingEveryStatement(client));
    await db.execute(plannedEachTime(sql`select * from t where a > ${1}`));
    await db.execute(sql`select * from t where a > ${1}`);
    await preparingEveryStatement(client).begin(async (tx) => {
      await drizzle(tx as unknown as postgres.Sql).execute(plannedEachTime(sql`select ${2}`));
    });
    expect(sent.map((statement) => statement.prepare)).toEqual([false, true, false]);
    expect(sent[0]!.query).toMatch(/select \* from t where a > \$1$/);
  });

  it('keeps what the client offers besides (drizzle reads its parsers)', () => {
    const { client } = recordingClient();
    expect(preparingEveryStatement(client).options).toBe(client.options);
  });
});
