// `npm run worker:build`: bundles the worker as `wrangler deploy` would, without deploying
// (--dry-run --outdir dist/worker), and prints its size beside Cloudflare's limit. The limit
// counts the gzip-compressed upload: 10 MB on the Workers Paid plan (3 MB on Free), per
// Cloudflare's "Workers limits" page. A bundle over the Paid limit fails the build.
// Extra arguments go to wrangler (e.g. `npm run worker:build -- --env production`).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, 'dist', 'worker');
const paidLimit = 10 * 1024 * 1024;
const freeLimit = 3 * 1024 * 1024;

rmSync(outdir, { recursive: true, force: true });
execFileSync(path.join(root, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});

const bundle = readFileSync(path.join(outdir, 'worker.js'));
const compressed = gzipSync(bundle, { level: 9 }).length;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
console.log(`\nworker bundle: ${mb(bundle.length)}, ${mb(compressed)} gzip-compressed`);
console.log(`limit (compressed): ${mb(paidLimit)} on Workers Paid (${((compressed / paidLimit) * 100).toFixed(0)} % used), ${mb(freeLimit)} on Workers Free`);
// pdfkit would throw at the isolate's start on an undefined import.meta.url (wrangler.toml's define).
if (bundle.includes('import.meta.url')) {
  console.error('The bundle still reads import.meta.url: give this environment the define in wrangler.toml.');
  process.exit(1);
}
if (compressed > paidLimit) {
  console.error('The worker is larger than the Workers Paid plan allows.');
  process.exit(1);
}
