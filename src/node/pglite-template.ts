// A first start on the embedded database need not run initdb and every migration: the build
// makes an initialised, migrated, empty database once (dist/pglite-template.tar.gz) and a new
// data folder starts as a copy of it (PGlite's loadDataDir). Starts that find no template, or
// data already there, go the usual way; the migrations still run and apply anything newer.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/** The nearest `relative` above this module: the same from src/ (tsx) and from dist/ (built). */
export function findAbove(relative: string): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

export const templateFile = 'dist/pglite-template.tar.gz';

/** The template's bytes, when the build made one. */
export async function readPgliteTemplate(): Promise<Blob | null> {
  const file = findAbove(templateFile);
  return file ? new Blob([await readFile(file)]) : null;
}

/** Makes the template: a fresh PGlite in memory, migrated, dumped. */
export async function writePgliteTemplate(file: string, migrationsFolder: string): Promise<void> {
  const client = new PGlite();
  await migrate(drizzle(client), { migrationsFolder });
  const dump = await client.dumpDataDir('gzip');
  await client.close();
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
}
