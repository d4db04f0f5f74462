import { migrate } from '../src/platform/db/migrate.js';
import { openPostgres } from '../src/platform/db/postgres.js';

/** On Postgres the run's database is migrated once, before the test files start in parallel. */
export default async function setup(): Promise<void> {
  if (process.env.CONFIDANT_TEST_DB !== 'postgres') return;
  const url = process.env.CONFIDANT_TEST_DATABASE_URL;
  const migrationUrl = process.env.CONFIDANT_TEST_MIGRATION_URL;
  if (!url || !migrationUrl) throw new Error('CONFIDANT_TEST_DATABASE_URL and CONFIDANT_TEST_MIGRATION_URL must be set (run npm test)');
  const db = await openPostgres({ url, migrationUrl, poolSize: 1 });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}
