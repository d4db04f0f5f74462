import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Database, Orm, SqlRunner } from './database.js';
import { runnerFor } from './database.js';
import { OWNER_ROLE } from './roles.js';

const INT8_OID = 20;

/** int8 comes back as a number, as it does on PGlite; counts and sequence numbers stay below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (v: string): number => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  url: string;
  migrationUrl: string;
  poolSize: number;
}

function runnerOn(client: pg.Pool | pg.PoolClient): SqlRunner {
  return runnerFor(drizzle({ client }) as unknown as Orm, async (script) => {
    // No parameters: pg sends it with the simple protocol, which allows several statements.
    await client.query(script);
  });
}

/** A transaction's runner: one connection, so it can also stream COPY output. */
function transactionRunner(client: pg.PoolClient): SqlRunner {
  return { ...runnerOn(client), copyOut: (statement) => client.query(copyTo(statement)) };
}

async function inTransaction<T>(pool: pg.Pool, work: (tx: SqlRunner) => Promise<T>, before?: (tx: SqlRunner) => Promise<void>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const tx = transactionRunner(client);
    if (before) await before(tx);
    const result = await work(tx);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * A Postgres server through `pg`. The pool connects as the application login role; the owner
 * connection (MIGRATION_DATABASE_URL) is opened only for migrations and key maintenance.
 */
export async function openPostgres(opts: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize, types, application_name: 'confidant' });
  // A dropped idle connection must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  const base = runnerOn(pool);

  return {
    kind: 'postgres',
    maxConnections: opts.poolSize,
    orm: base.orm,
    rows: base.rows,
    exec: base.exec,
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      return inTransaction(pool, work);
    },
    async ownerTransaction<T>(work: (tx: SqlRunner) => Promise<T>, options?: { sessionUser?: boolean }): Promise<T> {
      const ownerPool = new pg.Pool({ connectionString: opts.migrationUrl, max: 1, types, application_name: 'confidant-migrate' });
      ownerPool.on('error', () => undefined);
      try {
        return await inTransaction(ownerPool, work, async (tx) => {
          if (options?.sessionUser) return;
          const [row] = await tx.rows<{ ok: boolean }>(
            sql`select exists(select 1 from pg_roles where rolname = ${OWNER_ROLE}) and pg_has_role(current_user, ${OWNER_ROLE}, 'MEMBER') as ok`,
          );
          // Objects must belong to the owner role whoever logs in to migrate (a DBA superuser, say).
          if (row?.ok) await tx.exec(`SET LOCAL ROLE ${OWNER_ROLE}`);
        });
      } finally {
        await ownerPool.end();
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
