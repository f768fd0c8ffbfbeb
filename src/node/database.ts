// Opens the database for the Node entries (server, CLI): PGlite in DATA_DIR when no
// DATABASE_URL is configured, postgres.js otherwise. Applies the migrations first.
import { readFileSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { count } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from '../db/client.js';
import { preparingEveryStatement } from '../db/prepared-statements.js';
import { countFinishedStatements, keepStatementsOn } from '../db/session-statements.js';
import * as schema from '../db/schema.js';
import { copyPgliteTemplate, findAbove } from './pglite-template.js';

// Found by walking up, so the same code finds it from src/ (tsx) and from dist/src/ (built).
const journalFile = findAbove('migrations/meta/_journal.json');
if (!journalFile) throw new Error('the migrations folder (migrations/meta/_journal.json) was not found above this module');
export const migrationsFolder = path.dirname(path.dirname(journalFile));

export interface OpenDatabase {
  db: Database;
  kind: 'embedded' | 'postgres';
  close(): Promise<void>;
}

export async function openEmbeddedDatabase(dataDir: string | null): Promise<OpenDatabase> {
  let client: PGlite;
  if (dataDir) {
    const dir = path.join(dataDir, 'pglite');
    await mkdir(dir, { recursive: true });
    // A new folder starts as a copy of the build's migrated template instead of an initdb.
    if ((await readdir(dir)).length === 0) await copyPgliteTemplate(dir);
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  const counted = countFinishedStatements(client);
  const db = drizzlePglite(counted.client, { schema });
  keepStatementsOn(db, client, counted);
  await migratePglite(db, { migrationsFolder });
  return { db, kind: 'embedded', close: () => client.close() };
}

export async function openPostgresDatabase(
  url: string,
  options: { max?: number } = {},
): Promise<OpenDatabase> {
  await migratePostgresLocked(url);
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres(preparingEveryStatement(client), { schema });
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/**
 * Several instances may start at once against one server; an advisory lock held on the
 * migrating connection lets exactly one of them apply what is missing. When nothing is
 * missing nothing is tried: the service may connect as a role that owns no tables (so it
 * cannot disable the journal's triggers) and therefore could not migrate.
 */
async function migratePostgresLocked(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    if (!(await migrationsPending(client))) return;
    await client`select pg_advisory_lock(724311)`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder }).catch((error: unknown) => {
      if ((error as { code?: string }).code !== '42501') throw error;
      throw new Error(
        `This database role may not apply the pending migrations (${(error as Error).message}). ` +
          'Apply them as the role that owns the tables: npm run cli -- db:migrate with its DATABASE_URL.',
      );
    });
    await client`select pg_advisory_unlock(724311)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** The same question drizzle's migrator asks: is a shipped migration newer than the last applied? */
async function migrationsPending(client: postgres.Sql): Promise<boolean> {
  const [table] = await client`select to_regclass('drizzle.__drizzle_migrations') as name`;
  if (!table?.name) return true;
  const [row] = await client`select max(created_at) as last from drizzle.__drizzle_migrations`;
  const newest = Math.max(...shippedMigrations().map((entry) => entry.when));
  return Number(row?.last ?? 0) < newest;
}

function shippedMigrations(): { when: number }[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return journal.entries;
}

const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
});

/** For /ready: are all migrations shipped with this build applied to the database? */
export function migrationsChecker(db: Database): () => Promise<boolean> {
  const shipped = shippedMigrations().length;
  return async () => {
    const [row] = await db.select({ applied: count() }).from(appliedMigrations);
    return (row?.applied ?? 0) >= shipped;
  };
}
