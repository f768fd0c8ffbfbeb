import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Journeys in a real Chromium and PDFs rendered by poppler need Debian packages that a
    // machine with only Node and npm lacks: they run in `npm run test:browser`. The kill and
    // restart runs take minutes: `npm run test:reliability`. The worker in workerd needs wrangler
    // and a PostgreSQL server: `npm run test:worker`.
    exclude: ['test/e2e/**', 'test/reliability/**', 'test/worker/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: two workers keep both busy without starving PGlite's start-up.
    maxWorkers: 2,
  },
});
