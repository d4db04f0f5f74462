import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { StartupError, startServer } from '../src/main.js';
import { testDbKind } from './support/db.js';
import { openIsolatedDatabase } from './support/isolated-database.js';

const silent = pino({ level: 'silent' });

function productionConfig(databaseUrl?: string, migrationUrl = process.env.CONFIDANT_TEST_MIGRATION_URL!): ReturnType<typeof loadConfig> {
  return loadConfig({
    NODE_ENV: 'production',
    CONFIDANT_TLS_TERMINATED_BY_PROXY: 'true',
    CONFIDANT_DATA_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'confidant-prod-')), 'data'),
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, MIGRATION_DATABASE_URL: migrationUrl } : {}),
  });
}

describe.runIf(testDbKind() === 'postgres')('production database role checks (Postgres)', () => {
  it('refuses to start when the application connects as a superuser', async () => {
    await expect(startServer(productionConfig(process.env.CONFIDANT_TEST_MIGRATION_URL), { logger: silent })).rejects.toThrow(StartupError);
    await expect(startServer(productionConfig(process.env.CONFIDANT_TEST_MIGRATION_URL), { logger: silent })).rejects.toThrow(/is a superuser/);
  });

  it('starts when the application connects as the non-owner application role', async () => {
    // A database of its own: the run's shared one holds installation keys wrapped by the test keyring,
    // which this first start (a fresh data directory, so a fresh keyring) rightly refuses to replace.
    const iso = await openIsolatedDatabase();
    await iso.db.close();
    try {
      const server = await startServer(productionConfig(iso.appUrl!, iso.migrationUrl!), { logger: silent });
      try {
        expect((await server.app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
      } finally {
        await server.close();
      }
    } finally {
      await iso.drop();
    }
  });
});

describe.runIf(testDbKind() === 'pglite')('production start on the embedded database', () => {
  it('runs the application under the non-owner role, so the production check passes', async () => {
    const server = await startServer(productionConfig(), { logger: silent });
    try {
      const res = await server.app.inject({ method: 'GET', url: '/health' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age/);
    } finally {
      await server.close();
    }
  });
});
