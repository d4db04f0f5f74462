import { sql } from 'drizzle-orm';
import { appendAuditEvents } from '../audit/record.js';
import type { Database } from '../db/database.js';
import { INSTALLATION_STREAM_ID, TENANT_ROLE } from '../db/roles.js';
import { DecryptionError } from './errors.js';
import type { FieldRef } from './field-format.js';

const DETAIL = 'A stored encrypted field failed its integrity check: it may have been altered outside Confidant.';

/**
 * Records a `decrypt_failed` audit event and a security event, then throws DecryptionError. A field
 * that does not authenticate is a possible integrity breach (164.312(c)), so owners (practice fields)
 * and operator admins (every field) see it among their security events, not only in the trail.
 * The events are written in transactions of their own, not awaited: the caller's transaction is about
 * to roll back with the error, and on the single-connection embedded database a nested transaction
 * would wait for it. They run as soon as that transaction ends; `pending` lets tests and shutdown
 * wait for them.
 */
export function decryptFailure(db: Pick<Database, 'transaction'>, pending: Set<Promise<void>>, ref: FieldRef, why: string): never {
  const resourceId = `${ref.table}.${ref.column}:${ref.rowId}`.slice(0, 100);
  const streams = ref.practiceId === INSTALLATION_STREAM_ID ? [INSTALLATION_STREAM_ID] : [ref.practiceId, INSTALLATION_STREAM_ID];
  const record = async (): Promise<void> => {
    for (const stream of streams) {
      await db.transaction(async (tx) => {
        await tx.rows(sql`select set_config('app.practice_id', ${stream}, true), set_config('app.role', 'system', true)`);
        // Security events are a tenant table: written under its row-level security, as every other writer does.
        await tx.exec(`SET LOCAL ROLE ${TENANT_ROLE}`);
        if (stream === ref.practiceId) {
          await appendAuditEvents(tx, { practiceId: stream }, [{ action: 'decrypt_failed', resourceType: 'encrypted_field', resourceId, outcome: 'error' }]);
        }
        await tx.rows(sql`insert into security_events (practice_id, occurred_at, kind, user_id, source_ip, detail)
          values (${stream}, now(), 'decrypt_failed', null, null, ${DETAIL})`);
      });
    }
  };
  const p = record().catch(() => undefined);
  pending.add(p);
  void p.finally(() => pending.delete(p));
  throw new DecryptionError(`cannot decrypt ${ref.table}.${ref.column} of row ${ref.rowId}: ${why}`, ref);
}
