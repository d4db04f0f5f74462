import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database, SqlRunner } from './database.js';
import { APP_ROLE, OWNER_ROLE, TENANT_ROLE } from './roles.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Files named NNNN_description.sql, applied in numeric order. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const version = Number(file.slice(0, 4));
    if (seen.has(version)) throw new MigrationError(`Two migrations share version ${version}`);
    seen.add(version);
    const text = readFileSync(path.join(dir, file), 'utf8');
    return { version, name: file.replace(/\.sql$/, ''), sql: text, checksum: createHash('sha256').update(text).digest('hex') };
  });
}

/**
 * Creates the three roles and the owner's right to create objects, only where missing, so a
 * production install whose DBA created them beforehand needs no elevated privilege here.
 */
async function bootstrapRoles(db: Database): Promise<void> {
  await db.ownerTransaction(
    async (tx) => {
      const existing = await tx.rows<{ rolname: string }>(
        sql`select rolname from pg_roles where rolname in (${OWNER_ROLE}, ${APP_ROLE}, ${TENANT_ROLE})`,
      );
      const have = new Set(existing.map((r) => r.rolname));
      const statements: string[] = [];
      for (const role of [OWNER_ROLE, APP_ROLE, TENANT_ROLE]) {
        if (!have.has(role)) statements.push(`CREATE ROLE ${role} NOLOGIN`);
      }
      try {
        for (const s of statements) await tx.exec(s);
        const [state] = await tx.rows<{ tenant_member: boolean; inherits: boolean; owner_create: boolean; owner_member: boolean; v16: boolean }>(sql`
          select pg_has_role(${APP_ROLE}, ${TENANT_ROLE}, 'MEMBER') as tenant_member,
                 pg_has_role(${APP_ROLE}, ${TENANT_ROLE}, 'USAGE') as inherits,
                 has_schema_privilege(${OWNER_ROLE}, 'public', 'CREATE') as owner_create,
                 pg_has_role(current_user, ${OWNER_ROLE}, 'MEMBER') as owner_member,
                 current_setting('server_version_num')::int >= 160000 as v16`);
        // The application role may switch to the tenant role but must not inherit its grants: outside
        // withPracticeTx the application connection has no privilege on any PHI table.
        if (!state?.tenant_member || state.inherits) {
          await tx.exec(`ALTER ROLE ${APP_ROLE} NOINHERIT`);
          await tx.exec(`GRANT ${TENANT_ROLE} TO ${APP_ROLE}${state?.v16 ? ' WITH INHERIT FALSE' : ''}`);
        }
        if (!state?.owner_create) await tx.exec(`GRANT USAGE, CREATE ON SCHEMA public TO ${OWNER_ROLE}`);
        if (!state?.owner_member) await tx.exec(`GRANT ${OWNER_ROLE} TO current_user`);
      } catch (err) {
        throw new MigrationError(
          `The database roles are not set up and the migration login may not create them. ` +
            `Run the role set-up SQL in docs/OPERATIONS.md as a database administrator, then migrate again.`,
          { cause: err },
        );
      }
    },
    { sessionUser: true },
  );
}

async function ensureMigrationsTable(db: Database): Promise<void> {
  await db.ownerTransaction(async (tx) => {
    await tx.rows(sql`
      create table if not exists schema_migrations (
        version integer primary key,
        name text not null,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
    await tx.exec(`GRANT SELECT ON schema_migrations TO ${APP_ROLE}`);
  });
}

export interface MigrationResult {
  applied: string[];
  current: number;
}

/**
 * Applies pending migrations, each in its own transaction as the owner role, so a failing file
 * leaves the schema exactly as the previous one left it. An applied file whose text changed stops
 * the run: history must not be rewritten under a running installation.
 */
export async function migrate(
  db: Database,
  opts: { migrations?: Migration[]; onApplied?: (m: Migration) => void } = {},
): Promise<MigrationResult> {
  const migrations = opts.migrations ?? loadMigrations();
  await bootstrapRoles(db);
  await ensureMigrationsTable(db);
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.ownerTransaction(async (tx) => {
      // Serialises concurrent migrators (two instances starting together) on Postgres.
      await tx.rows(sql`select pg_advisory_xact_lock(7262011)`);
      const [row] = await tx.rows<{ checksum: string }>(sql`select checksum from schema_migrations where version = ${m.version}`);
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new MigrationError(`Migration ${m.name} was changed after it was applied (checksum differs)`);
        }
        return false;
      }
      try {
        await tx.exec(m.sql);
      } catch (err) {
        throw new MigrationError(`Migration ${m.name} failed: ${dbMessage(err)}`, { cause: err });
      }
      await tx.rows(sql`insert into schema_migrations (version, name, checksum) values (${m.version}, ${m.name}, ${m.checksum})`);
      return true;
    });
    if (done) {
      applied.push(m.name);
      opts.onApplied?.(m);
    }
  }
  return { applied, current: migrations.at(-1)?.version ?? 0 };
}

export interface MigrationStatus {
  current: boolean;
  appliedVersion: number;
  expectedVersion: number;
}

/** Used by /ready and `confidant doctor`: the schema is current when every file has been applied. */
export async function migrationStatus(db: SqlRunner, migrations: Migration[] = loadMigrations()): Promise<MigrationStatus> {
  const [row] = await db.rows<{ v: number | null; n: number }>(sql`select max(version) as v, count(*)::int as n from schema_migrations`);
  const expectedVersion = migrations.at(-1)?.version ?? 0;
  const appliedVersion = row?.v ?? 0;
  return { current: appliedVersion === expectedVersion && row?.n === migrations.length, appliedVersion, expectedVersion };
}

/** Drizzle wraps driver errors in a message that quotes the whole statement; the driver's own is enough. */
export function dbMessage(err: unknown): string {
  const e = err as { cause?: { message?: string }; message?: string };
  return e?.cause?.message ?? e?.message ?? String(err);
}
