// Opens the database for the Node entries (server, CLI): PGlite in DATA_DIR when no
// DATABASE_URL is configured, postgres.js otherwise. Applies the migrations first.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { count } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Database } from '../db/client.js';
import * as schema from '../db/schema.js';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

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
    client = new PGlite(dir);
  } else {
    client = new PGlite();
  }
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return { db, kind: 'embedded', close: () => client.close() };
}

export async function openPostgresDatabase(
  url: string,
  options: { max?: number } = {},
): Promise<OpenDatabase> {
  await migratePostgresLocked(url);
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema });
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/**
 * Several instances may start at once against one server; an advisory lock held on the
 * migrating connection lets exactly one of them apply what is missing.
 */
async function migratePostgresLocked(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(724311)`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(724311)`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
});

/** For /ready: are all migrations shipped with this build applied to the database? */
export function migrationsChecker(db: Database): () => Promise<boolean> {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return async () => {
    const [row] = await db.select({ applied: count() }).from(appliedMigrations);
    return (row?.applied ?? 0) >= journal.entries.length;
  };
}
