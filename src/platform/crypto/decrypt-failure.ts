import { recordAuditEvents } from '../audit/record.js';
import type { Database } from '../db/database.js';
import { DecryptionError } from './errors.js';
import type { FieldRef } from './field-format.js';

/**
 * Records a `decrypt_failed` security event and throws DecryptionError. The event is written in its own
 * transaction, not awaited: the caller's transaction is about to roll back with the error, and on the
 * single-connection embedded database a nested transaction would wait for it. It runs as soon as that
 * transaction ends; `pending` lets tests and shutdown wait for it.
 */
export function decryptFailure(db: Pick<Database, 'transaction'>, pending: Set<Promise<void>>, ref: FieldRef, why: string): never {
  const resourceId = `${ref.table}.${ref.column}:${ref.rowId}`.slice(0, 100);
  const p = recordAuditEvents(db, { practiceId: ref.practiceId }, [{ action: 'decrypt_failed', resourceType: 'encrypted_field', resourceId, outcome: 'error' }]).catch(
    () => undefined,
  );
  pending.add(p);
  void p.finally(() => pending.delete(p));
  throw new DecryptionError(`cannot decrypt ${ref.table}.${ref.column} of row ${ref.rowId}: ${why}`, ref);
}
