import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/db.js';
import type { Database } from './database.js';
import type { Migration } from './migrate.js';
import { loadMigrations, migrate, MigrationError, migrationStatus } from './migrate.js';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

function extra(version: number, text: string): Migration {
  return { version, name: `${version}_test`, sql: text, checksum: `test-${version}-${text.length}` };
}

describe('migrations', () => {
  it('are current after start-up and re-running applies nothing', async () => {
    expect((await migrationStatus(db)).current).toBe(true);
    const again = await migrate(db);
    expect(again.applied).toEqual([]);
  });

  it('a failing migration leaves the schema exactly as it was', async () => {
    const version = 9000 + Math.floor(Math.random() * 900);
    const table = `zz_partial_${version}`;
    const bad = extra(version, `create table ${table} (id int); insert into ${table} values (1); select 1/0;`);
    await expect(migrate(db, { migrations: [...loadMigrations(), bad] })).rejects.toThrow(MigrationError);
    await expect(migrate(db, { migrations: [...loadMigrations(), bad] })).rejects.toThrow(/division by zero/);
    expect(await db.rows(sql`select 1 from pg_class where relname = ${table}`)).toEqual([]);
    expect(await db.rows(sql`select 1 from schema_migrations where version = ${version}`)).toEqual([]);
  });

  it('refuses to run when an applied migration file was changed', async () => {
    const [first, ...rest] = loadMigrations();
    const edited = { ...first!, checksum: 'edited' };
    await expect(migrate(db, { migrations: [edited, ...rest] })).rejects.toThrow(/changed after it was applied/);
  });

  it('reports the schema as not current when a newer file is pending', async () => {
    const pending = extra(9999, 'select 1');
    const status = await migrationStatus(db, [...loadMigrations(), pending]);
    expect(status).toMatchObject({ current: false, expectedVersion: 9999 });
  });
});
