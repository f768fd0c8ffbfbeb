// `npm run test:reliability`: payments through the simulated providers while the real server
// process is SIGKILLed and restarted, then the reconciliation job and the invariant checker
// (test/reliability/). Embedded database by default; DATABASE_URL runs it on PostgreSQL.
// One file, one worker: the run times its kills against a single server process.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 10 * 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
