import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../src/platform/db/database.js';
import type { Migration } from '../../src/platform/db/migrate.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { testDbKind } from './db.js';

/**
 * A migrated database of its own, for tests of installation-wide state (one set of installation keys
 * per database, matching one keyring) that must not meet other test files. PGlite: in memory.
 * Postgres: a fresh database on the run's server, dropped by `drop()`, reached as confidant_app.
 */
export async function openIsolatedDatabase(opts: { pgliteDir?: string; migrations?: Migration[] } = {}): Promise<{ db: Database; drop(): Promise<void>; migrationUrl: string | null; appUrl: string | null }> {
  if (testDbKind() === 'pglite') {
    // On disk when asked (a raw scan of its files), else in memory.
    const db = await openPglite(opts.pgliteDir ?? 'memory');
    await migrate(db, { migrations: opts.migrations });
    return { db, drop: async () => undefined, migrationUrl: null, appUrl: null };
  }
  const admin = new URL(process.env.CONFIDANT_TEST_MIGRATION_URL!);
  const name = `confidant_iso_${randomBytes(4).toString('hex')}`;
  const run = async (statement: string): Promise<void> => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const migrationUrl = new URL(admin);
  migrationUrl.pathname = `/${name}`;
  const appUrl = new URL(migrationUrl);
  appUrl.username = 'confidant_app';
  appUrl.password = '';
  const db = await openPostgres({ url: appUrl.toString(), migrationUrl: migrationUrl.toString(), poolSize: 2 });
  await migrate(db, { migrations: opts.migrations });
  return { db, drop: () => run(`drop database if exists ${name} with (force)`), migrationUrl: migrationUrl.toString(), appUrl: appUrl.toString() };
}
