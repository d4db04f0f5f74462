import { defineConfig } from 'vitest/config';

// CONFIDANT_TEST_DB=postgres runs the database suites (*.db.test.ts) against the server
// prepared by scripts/test.mjs; the default runs everything on embedded PGlite.
const onPostgres = process.env.CONFIDANT_TEST_DB === 'postgres';

export default defineConfig({
  test: {
    include: onPostgres ? ['src/**/*.db.test.ts', 'test/**/*.db.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'web/**', 'test/browser/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
