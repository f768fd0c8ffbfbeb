// `npm run test:browser`: the payer's journeys in Debian's Chromium and the PDFs rendered by
// poppler (`apt-get install chromium poppler-utils`); `.ci/run` installs both.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
