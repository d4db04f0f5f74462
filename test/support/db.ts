import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { openPostgres } from '../../src/platform/db/postgres.js';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.CONFIDANT_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/**
 * A migrated database for one test file. PGlite: a fresh in-memory instance. Postgres: the database
 * scripts/test.mjs created for this run (migrated once by test/global-setup.ts), reached as the
 * non-owner application login; tests isolate themselves by creating their own practices.
 */
export async function openTestDatabase(): Promise<Database> {
  if (testDbKind() === 'postgres') {
    const url = process.env.CONFIDANT_TEST_DATABASE_URL;
    const migrationUrl = process.env.CONFIDANT_TEST_MIGRATION_URL;
    if (!url || !migrationUrl) throw new Error('CONFIDANT_TEST_DATABASE_URL and CONFIDANT_TEST_MIGRATION_URL must be set (run npm test)');
    const db = await openPostgres({ url, migrationUrl, poolSize: 4 });
    return db;
  }
  const db = await openPglite('memory');
  await migrate(db);
  return db;
}

/** Superuser access for tests that play an attacker with full database rights (tamper tests). */
export async function asSuperuser<T>(db: Database, work: (run: (q: ReturnType<typeof sql>) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  if (db.kind === 'pglite') {
    return db.ownerTransaction(async (tx) => {
      await tx.exec('SET LOCAL ROLE NONE');
      return work((q) => tx.rows(q));
    }, { sessionUser: true });
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: process.env.CONFIDANT_TEST_MIGRATION_URL });
  await client.connect();
  try {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const orm = drizzle({ client });
    return await work(async (q) => ((await orm.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows);
  } finally {
    await client.end();
  }
}

export interface TestPractice {
  id: string;
  name: string;
}

/** A throwaway practice with a random, obviously synthetic name. */
export async function createTestPractice(db: Database, name = `Test Practice ${randomUUID().slice(0, 8)}`): Promise<TestPractice> {
  const [row] = await db.rows<{ id: string }>(sql`insert into practices (name) values (${name}) returning id`);
  if (!row) throw new Error('practice not created');
  return { id: row.id, name };
}
