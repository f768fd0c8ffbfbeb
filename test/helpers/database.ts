// The test database of this test file: a PGlite copy of the migrated template, or the
// PostgreSQL server named by DATABASE_URL. Tests isolate themselves by tenant.
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { preparingEveryStatement } from '../../src/db/prepared-statements.js';
import * as schema from '../../src/db/schema.js';
import { countFinishedStatements, keepStatementsOn } from '../../src/db/session-statements.js';

export interface TestDatabase {
  db: Database;
  kind: 'embedded' | 'postgres';
  /** Raw SQL, for tests that must go around the application (database guards). */
  raw(query: string): Promise<unknown>;
  /** Raw statements in one transaction, committed at the end. */
  rawTransaction(statements: string[]): Promise<void>;
}

let current: Promise<TestDatabase> | null = null;

export function testDatabase(): Promise<TestDatabase> {
  current ??= open();
  return current;
}

async function open(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const client = postgres(url, { max: 10, onnotice: () => {} });
    afterAll(() => client.end({ timeout: 5 }));
    return {
      // As the service opens it (src/node/database.ts): every statement prepared.
      db: drizzlePostgres(preparingEveryStatement(client), { schema }),
      kind: 'postgres',
      raw: (query) => client.unsafe(query),
      rawTransaction: async (statements) => {
        await client.begin(async (tx) => {
          for (const statement of statements) await tx.unsafe(statement);
        });
      },
    };
  }
  const dumpPath = inject('pgliteDumpPath');
  if (!dumpPath) throw new Error('global setup did not provide the PGlite template');
  const client = new PGlite({ loadDataDir: new Blob([await readFile(dumpPath)]) });
  afterAll(() => client.close());
  const counted = countFinishedStatements(client);
  const db = drizzlePglite(counted.client, { schema });
  keepStatementsOn(db, client, counted);
  return {
    db,
    kind: 'embedded',
    raw: (query) => counted.client.exec(query),
    rawTransaction: async (statements) => {
      await counted.client.transaction(async (tx) => {
        for (const statement of statements) await tx.exec(statement);
      });
    },
  };
}
