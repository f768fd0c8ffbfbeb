// `npm run build` and `npm start`'s prestart: compiles src/ to dist/ (tsc, which also checks
// the types) when a source is newer than the last build, bundles the server into one file
// (dist/server.js, which npm start runs), then makes the embedded database's template (an
// initialised, migrated, empty PGlite) when a migration is newer than it. A fresh clone
// builds once; a restart finds all current and starts at once. `--force` builds whatever the
// dates say.
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

// One file instead of some 350 modules of ours and several hundred of the libraries': Node
// resolves, reads and compiles each module of a graph one by one, and that was half of a
// restart (1.45 -> 1.2 s to /ready, issue 11). PGlite finds its WebAssembly and data files
// next to its own module, and pdfkit its fonts, so both stay in node_modules.
const bundle = at('dist', 'server.js');
if (force || builtAt(bundle) < builtAt(buildInfo)) {
  console.error('build: bundling the server into dist/server.js');
  const { build } = await import('esbuild');
  await build({
    entryPoints: [at('src', 'server.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: ['@electric-sql/pglite', 'pdfkit'],
    // Libraries written as CommonJS call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);" },
    logLevel: 'warning',
  });
}

const template = at('dist', 'pglite-template');
if (force || builtAt(template) < Math.max(newest(at('migrations')), builtAt(buildInfo))) {
  console.error('build: making the embedded database template');
  const { writePgliteTemplate } = await import(at('dist', 'src', 'node', 'pglite-template.js'));
  await writePgliteTemplate(`${template}.tmp`, at('migrations'));
  const { renameSync, rmSync } = await import('node:fs');
  rmSync(template, { recursive: true, force: true });
  renameSync(`${template}.tmp`, template);
  // A folder's time is that of the last entry made in it: mark the template as made now.
  utimesSync(template, new Date(), new Date());
  // Earlier builds left the template as a dump; new data folders no longer read it.
  rmSync(at('dist', 'pglite-template.tar.gz'), { force: true });
}
