import type { Readable } from 'node:stream';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type Orm = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** Anything statements can run on: a connection, or a transaction. */
export interface SqlRunner {
  /** Runs a drizzle `sql` template (parameters are bound, never interpolated) and returns its rows. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations only). */
  exec(script: string): Promise<void>;
  /** The drizzle query builder on the same connection or transaction. */
  readonly orm: Orm;
  /**
   * `COPY (...) TO STDOUT` on this transaction's connection, as a stream of raw bytes. Postgres
   * transactions only (PGlite and pool-level runners have none). COPY takes no bind parameters:
   * the statement must be built from constants and validated numbers only.
   */
  readonly copyOut?: (statement: string) => Readable;
}

export interface Database extends SqlRunner {
  readonly kind: 'pglite' | 'postgres';
  /** Most connections open at once (the pool size; 1 for PGlite). */
  readonly maxConnections: number;
  /** One transaction on the application connection; rolled back if `work` throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Same as transaction(), but on the migration connection as the schema owner: migrations and key
   * maintenance only. `sessionUser` skips the switch to the owner role, for the one-time role bootstrap.
   */
  ownerTransaction<T>(work: (tx: SqlRunner) => Promise<T>, opts?: { sessionUser?: boolean }): Promise<T>;
  close(): Promise<void>;
}

export function runnerFor(orm: Orm, exec: (script: string) => Promise<void>): SqlRunner {
  return {
    orm,
    exec,
    async rows<T>(query: SQL): Promise<T[]> {
      try {
        const result = (await orm.execute(query)) as unknown as { rows: T[] };
        return result.rows;
      } catch (err) {
        throw unwrapDriverError(err);
      }
    },
  };
}

/**
 * Drizzle wraps driver errors in one whose message quotes the statement and its parameters (which may
 * be PHI). The driver's own error carries the SQLSTATE `code` callers branch on, and no parameters.
 */
export function unwrapDriverError(err: unknown): unknown {
  const cause = (err as { cause?: unknown })?.cause;
  return cause instanceof Error ? cause : err;
}

/** The SQLSTATE of a database error, e.g. 23505 for a unique violation. */
export function sqlState(err: unknown): string | undefined {
  const code = (unwrapDriverError(err) as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}
