// Runs once per test run. PostgreSQL (DATABASE_URL set): apply the migrations once.
// Embedded: migrate one PGlite and dump it, so every test file starts from a copy in
// well under a second instead of migrating again.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { TestProject } from 'vitest/node';
import { migrationsFolder, openPostgresDatabase } from '../../src/node/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteDumpPath: string | null;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const database = await openPostgresDatabase(url, { max: 1 });
    await database.close();
    project.provide('pgliteDumpPath', null);
    return;
  }
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const dir = await mkdtemp(path.join(tmpdir(), 'paylink-test-'));
  const file = path.join(dir, 'migrated.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteDumpPath', file);
  return () => rm(dir, { recursive: true, force: true });
}
