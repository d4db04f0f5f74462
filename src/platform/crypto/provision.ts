import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { PracticeTx } from '../db/practice-tx.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { KeyPurpose } from './data-keys.js';
import { insertWrappedKey } from './data-keys.js';
import type { Keyring } from './keyring.js';

/** The actor of key maintenance done by the system or the operator's CLI, not a practice user. */
export const KEY_MAINTENANCE_CTX = { userId: null, role: 'system' } as const;

/**
 * Gives a new practice its KEK (in the keyring) and its first data and index keys (in the database).
 * Idempotent: running it again for a provisioned practice changes nothing.
 */
export async function provisionPracticeKeys(db: Database, keyring: Keyring, practiceId: string): Promise<void> {
  await keyring.ensurePracticeKek(practiceId);
  await withPracticeTx(db, { practiceId, ...KEY_MAINTENANCE_CTX }, (tx) => provisionPracticeKeysInTx(tx, keyring));
}

/** Same, inside a practice transaction the caller already holds (e.g. practice creation); the KEK must exist. */
export async function provisionPracticeKeysInTx(tx: PracticeTx, keyring: Keyring): Promise<void> {
  const existing = await tx.rows<{ purpose: KeyPurpose }>(sql`select purpose from practice_keys where practice_id = ${tx.practiceId} and status = 'active'`);
  const have = new Set(existing.map((r) => r.purpose));
  for (const purpose of ['data', 'index'] as const) {
    if (have.has(purpose)) continue;
    await insertWrappedKey(tx, keyring, tx.practiceId, purpose, 1);
    tx.audit({ action: 'key_create', resourceType: 'practice_key', resourceId: `${purpose}:1` });
  }
}

/**
 * At start: every active practice gets its keys if it has none (practices created before keys were
 * provisioned at creation). Idempotent, one short transaction per practice. Returns how many
 * practices were missing keys.
 */
export async function provisionMissingPracticeKeys(db: Database, keyring: Keyring, only?: readonly string[]): Promise<number> {
  const practices = (await db.rows<{ id: string }>(sql`select id from practices where status = 'active'`)).filter((p) => !only || only.includes(p.id));
  let provisioned = 0;
  for (const p of practices) {
    const had = await withPracticeTx(db, { practiceId: p.id, ...KEY_MAINTENANCE_CTX }, (tx) =>
      tx.rows(sql`select 1 from practice_keys where practice_id = ${p.id} and status = 'active' and purpose = 'data'`),
    );
    if (had.length > 0) continue;
    await provisionPracticeKeys(db, keyring, p.id);
    provisioned += 1;
  }
  return provisioned;
}
