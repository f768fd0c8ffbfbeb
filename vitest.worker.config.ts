// `npm run test:worker`: the Cloudflare Workers entry in workerd (`wrangler dev`) against a
// fresh database of the local PostgreSQL server (test/worker/). Kept out of `npm test`: it
// starts wrangler and workerd and needs a PostgreSQL server (WORKER_TEST_POSTGRES_URL).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/worker/**/*.test.ts'],
    testTimeout: 3 * 60_000,
    hookTimeout: 3 * 60_000,
    maxWorkers: 1,
  },
});
