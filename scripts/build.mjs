// `npm run build` and `npm start`'s prestart: compiles src/ to dist/ (tsc) when a source is
// newer than the last build, then makes the embedded database's template (an initialised,
// migrated, empty PGlite) when a migration is newer than it. A fresh clone builds once; a
// restart finds both current and starts at once. `--force` builds whatever the dates say.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const force = process.argv.includes('--force');
const at = (...parts) => path.join(root, ...parts);

function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}
const builtAt = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);

const buildInfo = at('dist', '.tsbuildinfo');
const sources = Math.max(newest(at('src')), newest(at('templates')), newest(at('tsconfig.json')), newest(at('tsconfig.build.json')), newest(at('package-lock.json')));
if (force || builtAt(buildInfo) < sources) {
  console.error('build: compiling src/ to dist/');
  execFileSync(process.execPath, [at('node_modules', 'typescript', 'bin', 'tsc'), '-p', at('tsconfig.build.json')], { stdio: 'inherit' });
  // tsc leaves the file alone when nothing it emits changed: mark the build as current anyway.
  if (existsSync(buildInfo)) utimesSync(buildInfo, new Date(), new Date());
}

const template = at('dist', 'pglite-template.tar.gz');
if (force || builtAt(template) < Math.max(newest(at('migrations')), builtAt(buildInfo))) {
  console.error('build: making the embedded database template');
  const { writePgliteTemplate } = await import(at('dist', 'src', 'node', 'pglite-template.js'));
  await writePgliteTemplate(`${template}.tmp`, at('migrations'));
  const { renameSync } = await import('node:fs');
  renameSync(`${template}.tmp`, template);
}
