import { sql } from 'drizzle-orm';
import type { AuditEventInput } from '../audit/record.js';
import { appendAuditEvents } from '../audit/record.js';
import type { Database, SqlRunner } from './database.js';
import { TENANT_ROLE } from './roles.js';

export interface PracticeContext {
  practiceId: string;
  userId: string | null;
  role: string;
  sessionId?: string | null;
}

export interface PracticeTx extends SqlRunner {
  readonly practiceId: string;
  /** Queues an audit event; all queued events are written just before this transaction commits. */
  audit(event: AuditEventInput): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What pg_export_snapshot() returns, e.g. 00000003-0000001B-1. */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/i;

export interface PracticeTxOptions {
  /**
   * Read in REPEATABLE READ on a snapshot another open transaction exported (pg_export_snapshot,
   * Postgres only): several connections then see exactly the same rows.
   */
  snapshot?: string;
}

/**
 * The PHI path. One transaction, switched to the tenant role with the practice, user and role set
 * transaction-locally, so RLS confines every statement to the practice even when a query forgets
 * its filter; the audit events of the work are written in the same transaction.
 */
export async function withPracticeTx<T>(db: Database, ctx: PracticeContext, work: (tx: PracticeTx) => Promise<T>, opts: PracticeTxOptions = {}): Promise<T> {
  if (!UUID.test(ctx.practiceId)) throw new TypeError('withPracticeTx needs a practice id (uuid)');
  if (opts.snapshot !== undefined && !SNAPSHOT_ID.test(opts.snapshot)) throw new TypeError('withPracticeTx: not a snapshot id');
  return db.transaction(async (tx) => {
    // Must come before any other statement of the transaction.
    if (opts.snapshot !== undefined) await tx.exec(`set transaction isolation level repeatable read; set transaction snapshot '${opts.snapshot}'`);
    await tx.rows(sql`select set_config('app.practice_id', ${ctx.practiceId}, true),
                             set_config('app.user_id', ${ctx.userId ?? ''}, true),
                             set_config('app.role', ${ctx.role}, true)`);
    await tx.exec(`SET LOCAL ROLE ${TENANT_ROLE}`);
    const events: AuditEventInput[] = [];
    const ptx: PracticeTx = {
      orm: tx.orm,
      rows: tx.rows,
      exec: tx.exec,
      ...(tx.copyOut ? { copyOut: tx.copyOut } : {}),
      practiceId: ctx.practiceId,
      audit: (event) => {
        events.push(event);
      },
    };
    const result = await work(ptx);
    await appendAuditEvents(tx, { practiceId: ctx.practiceId, userId: ctx.userId, role: ctx.role, sessionId: ctx.sessionId ?? null }, events);
    return result;
  });
}
