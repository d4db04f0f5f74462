import { mkdirSync } from 'node:fs';
import type { Transaction } from '@electric-sql/pglite';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import type { Database, Orm, SqlRunner } from './database.js';
import { runnerFor } from './database.js';
import { APP_ROLE, OWNER_ROLE } from './roles.js';

/**
 * Embedded Postgres (WASM) with its data directory on disk. PGlite has one connection whose session
 * user is a superuser, so the roles are applied with SET ROLE: the session runs as the application
 * role, and each transaction switches to the owner or tenant role it needs. Superusers bypass RLS,
 * which is why nothing may run under the bare session user.
 */
export async function openPglite(dataDir: string | 'memory'): Promise<Database> {
  if (dataDir !== 'memory') mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir === 'memory' ? 'memory://' : dataDir);
  const base = runnerFor(drizzle({ client }) as unknown as Orm, async (script) => {
    await client.exec(script);
  });

  const transaction = async <T>(role: string, work: (tx: SqlRunner) => Promise<T>): Promise<T> =>
    client.transaction(async (t: Transaction) => {
      // drizzle only needs query(); a Transaction has the same shape as the PGlite client for it.
      const tx = runnerFor(drizzle({ client: t as unknown as PGlite }) as unknown as Orm, async (script) => {
        await t.exec(script);
      });
      await t.exec(`SET LOCAL ROLE ${role}`);
      return work(tx);
    });

  let appRoleReady = false;
  const ensureAppRole = async (): Promise<void> => {
    if (appRoleReady) return;
    const [row] = await base.rows<{ ok: boolean }>(sql`select exists(select 1 from pg_roles where rolname = ${APP_ROLE}) as ok`);
    if (row?.ok) {
      await client.exec(`SET ROLE ${APP_ROLE}`);
      appRoleReady = true;
    }
  };

  return {
    kind: 'pglite',
    maxConnections: 1,
    orm: base.orm,
    async rows<T>(query: Parameters<SqlRunner['rows']>[0]): Promise<T[]> {
      await ensureAppRole();
      return base.rows<T>(query);
    },
    async exec(script: string): Promise<void> {
      await ensureAppRole();
      await base.exec(script);
    },
    async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
      await ensureAppRole();
      return transaction(APP_ROLE, work);
    },
    async ownerTransaction<T>(work: (tx: SqlRunner) => Promise<T>, opts?: { sessionUser?: boolean }): Promise<T> {
      return transaction(opts?.sessionUser ? 'NONE' : OWNER_ROLE, work);
    },
    async close(): Promise<void> {
      if (!client.closed) await client.close();
    },
  };
}
