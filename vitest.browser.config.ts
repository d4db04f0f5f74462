import { defineConfig } from 'vitest/config';

// Real-browser tests (Playwright driving Debian's Chromium at /usr/bin/chromium) against the real
// server on embedded PGlite serving the built web app. Run by scripts/test.mjs as a third pass.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    globalSetup: ['test/browser/support/build-web.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
