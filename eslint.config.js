// Lint: the recommended JavaScript and TypeScript rules, with `any` forbidden, and Node's own
// modules kept to the Node entry (src/server.ts, src/node/, the CLI) so that everything else
// also runs in workerd on Cloudflare Workers (src/worker.ts, `npm run test:worker`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const workersMessage = 'Node-only: keep it in src/server.ts, src/node/ or the CLI, so the rest runs on Cloudflare Workers too.';
// Built-in modules, also without the node: prefix.
const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'cluster', 'net', 'tls', 'dgram', 'dns', 'http', 'https', 'http2', 'zlib', 'crypto', 'util', 'stream', 'buffer', 'events', 'worker_threads', 'url', 'module', 'vm', 'v8', 'readline', 'perf_hooks', 'async_hooks'];
// Packages that need sockets, files or native code the Workers runtime does not have.
const nodeOnlyPackages = ['nodemailer', '@hono/node-server', '@electric-sql/pglite', 'drizzle-orm/pglite', 'drizzle-orm/postgres-js/migrator', 'drizzle-orm/pglite/migrator'];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'test-results/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/server.ts', 'src/cli.ts', 'src/node/**'],
    rules: {
      // Types vanish at build time, so they may come from anywhere.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: workersMessage, allowTypeImports: true },
            // Whole names only: a relative '../http/…' is ours, not Node's http.
            { regex: `^(${[...nodeBuiltins, ...nodeOnlyPackages].join('|')})(/.*)?$`, message: workersMessage, allowTypeImports: true },
          ],
        },
      ],
      // What Workers lack even with nodejs_compat, or what only the Node entry may read.
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Only src/node/load-config.ts reads process.env; the worker reads its bindings (src/worker/bindings.ts).' },
        { name: '__dirname', message: workersMessage },
        { name: '__filename', message: workersMessage },
        { name: 'require', message: workersMessage },
      ],
    },
  },
);
