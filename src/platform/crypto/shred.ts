import { sql } from 'drizzle-orm';
import { recordAuditEvents } from '../audit/record.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import type { Keyring } from './keyring.js';
import { KEY_MAINTENANCE_CTX } from './provision.js';

/**
 * Crypto-shredding (termination, 45 CFR 164.504(e)): the practice's KEKs are removed from the keyring,
 * which alone makes every wrapped key and so every field of the practice unreadable, in this database
 * and in every copy or backup of it. The wrapped keys are then deleted from the live database too.
 * Running processes drop their cached keys within the key cache lifetime (5 minutes by default).
 */
export async function destroyPracticeKeys(db: Database, keyring: Keyring, practiceId: string): Promise<{ deletedWrappedKeys: number }> {
  await keyring.destroyPracticeKeks(practiceId);
  const deleted = await withPracticeTx(db, { practiceId, ...KEY_MAINTENANCE_CTX }, async (tx) => {
    const rows = await tx.rows(sql`delete from practice_keys where practice_id = ${practiceId} returning version`);
    tx.audit({ action: 'key_destroy', resourceType: 'practice_key', resourceId: 'all' });
    return rows.length;
  });
  // A practice whose keys are gone can hold no readable data: it is terminated, and stays so.
  await db.rows(sql`update practices set status = 'terminated' where id = ${practiceId}::uuid`);
  await recordAuditEvents(db, { practiceId: INSTALLATION_STREAM_ID, ...KEY_MAINTENANCE_CTX }, [
    { action: 'key_destroy', resourceType: 'practice', resourceId: practiceId },
  ]);
  return { deletedWrappedKeys: deleted };
}
