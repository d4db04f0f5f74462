import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { PracticeTx } from '../db/practice-tx.js';
import { insertWrappedKey, readWrappedKeys, unwrapKey, wrapKey } from './data-keys.js';
import { DecryptionError } from './errors.js';
import type { FieldCipher } from './field-cipher.js';
import type { Keyring } from './keyring.js';
import type { PhiColumn } from './phi-columns.js';
import { PRACTICE_PHI_COLUMNS } from './phi-columns.js';
import { KEY_MAINTENANCE_CTX } from './provision.js';

const ctx = (practiceId: string): { practiceId: string; userId: null; role: 'system' } => ({ practiceId, ...KEY_MAINTENANCE_CTX });

async function activeDataVersion(tx: PracticeTx): Promise<number> {
  const [row] = await tx.rows<{ v: number | null }>(sql`select max(version) as v from practice_keys where practice_id = ${tx.practiceId} and purpose = 'data' and status = 'active'`);
  if (!row?.v) throw new Error(`practice ${tx.practiceId} has no active data key`);
  return row.v;
}

/**
 * A new data key version takes every new write; the old versions are retired but stay readable (a
 * retired key is never deleted: a process whose key cache predates the rotation may still write
 * with it for up to the cache lifetime, and such fields must stay readable).
 */
export async function rotateDataKey(db: Database, keyring: Keyring, practiceId: string): Promise<{ version: number }> {
  return withPracticeTx(db, ctx(practiceId), async (tx) => {
    // Serialises two rotations of one practice; other practices are not affected.
    await tx.rows(sql`select 1 from practice_keys where practice_id = ${practiceId} and purpose = 'data' for update`);
    const [row] = await tx.rows<{ v: number | null }>(sql`select max(version) as v from practice_keys where practice_id = ${practiceId} and purpose = 'data'`);
    const version = (row?.v ?? 0) + 1;
    await tx.rows(sql`update practice_keys set status = 'retired' where practice_id = ${practiceId} and purpose = 'data' and status = 'active'`);
    await insertWrappedKey(tx, keyring, practiceId, 'data', version);
    tx.audit({ action: 'key_rotate', resourceType: 'practice_key', resourceId: `data:${version}` });
    return { version };
  });
}

export interface ReencryptProgress {
  column: string;
  done: number;
  total: number;
}

export interface ReencryptResult {
  version: number;
  reencrypted: number;
  /** Fields that failed authentication (tampered): left as they are, listed by table.column:row id. */
  failed: string[];
  /** Fields still under an older version when the run ended (written concurrently with old keys). */
  remaining: number;
}

function notAtVersion(column: string, version: number): ReturnType<typeof sql> {
  return sql`${sql.identifier(column)} is not null and ${sql.identifier(column)} not like ${`cf1.k${version}.%`}`;
}

/** Fields of the practice not yet under the active data key, over the registered PHI columns. */
export async function countStaleFields(db: Database, practiceId: string, columns: readonly PhiColumn[] = PRACTICE_PHI_COLUMNS): Promise<{ version: number; stale: number }> {
  return withPracticeTx(db, ctx(practiceId), async (tx) => {
    const version = await activeDataVersion(tx);
    let stale = 0;
    for (const c of columns) {
      const [row] = await tx.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(c.table)} where ${notAtVersion(c.column, version)}`);
      stale += row?.n ?? 0;
    }
    return { version, stale };
  });
}

/**
 * Re-encrypts every field of the practice that is not under the active data key, in small batches,
 * each its own transaction: the application keeps reading and writing meanwhile (a field is only
 * replaced if it still holds the value that was re-encrypted). Interrupted at any point, it is
 * resumed by running it again: the work left is exactly the fields still under an old version.
 */
export async function reencryptPractice(
  db: Database,
  cipher: FieldCipher,
  practiceId: string,
  opts: { columns?: readonly PhiColumn[]; batchSize?: number; onProgress?: (p: ReencryptProgress) => void } = {},
): Promise<ReencryptResult> {
  const columns = opts.columns ?? PRACTICE_PHI_COLUMNS;
  const batchSize = opts.batchSize ?? 200;
  cipher.forget(practiceId);
  const { version, stale } = await countStaleFields(db, practiceId, columns);
  let done = 0;
  const failed: string[] = [];
  for (const c of columns) {
    const rowIdColumn = c.rowIdColumn ?? 'id';
    const label = `${c.table}.${c.column}`;
    let after: string | null = null;
    for (;;) {
      const batch: { count: number; last: string | null } = await withPracticeTx(db, ctx(practiceId), async (tx) => {
        const rows = await tx.rows<{ row_id: string; value: string }>(sql`
          select ${sql.identifier(rowIdColumn)}::text as row_id, ${sql.identifier(c.column)} as value
            from ${sql.identifier(c.table)}
           where ${notAtVersion(c.column, version)} ${after === null ? sql`` : sql`and ${sql.identifier(rowIdColumn)} > ${after}`}
           order by ${sql.identifier(rowIdColumn)}
           limit ${batchSize}`);
        for (const row of rows) {
          const ref = { table: c.table, column: c.column, rowId: row.row_id, practiceId };
          let plaintext: string;
          try {
            plaintext = await cipher.decrypt(tx, ref, row.value);
          } catch (err) {
            if (!(err instanceof DecryptionError)) throw err;
            failed.push(`${label}:${row.row_id}`);
            continue;
          }
          const fresh = await cipher.encrypt(tx, ref, plaintext);
          await tx.rows(sql`update ${sql.identifier(c.table)} set ${sql.identifier(c.column)} = ${fresh}
                             where practice_id = ${practiceId} and ${sql.identifier(rowIdColumn)} = ${row.row_id} and ${sql.identifier(c.column)} = ${row.value}`);
        }
        if (rows.length > 0) tx.audit({ action: 'key_reencrypt', resourceType: 'practice_key', resourceId: `data:${version}:${label}`.slice(0, 100) });
        return { count: rows.length, last: rows.at(-1)?.row_id ?? null };
      });
      done += batch.count;
      if (batch.count > 0) opts.onProgress?.({ column: label, done, total: stale });
      if (batch.count < batchSize) break;
      after = batch.last;
    }
  }
  const { stale: remaining } = await countStaleFields(db, practiceId, columns);
  return { version, reencrypted: done - failed.length, failed, remaining };
}

/**
 * KEK rotation: a new KEK version in the keyring, then every wrapped key of the practice re-wrapped
 * with it. Field ciphertext is untouched. Old KEK versions stay in the keyring (retired) so older
 * backups of the database remain restorable; re-running finishes an interrupted rotation.
 */
export async function rotatePracticeKek(db: Database, keyring: Keyring, practiceId: string, opts: { newVersion?: boolean } = {}): Promise<{ kekVersion: number; rewrapped: number }> {
  const kek = opts.newVersion === false ? keyring.practiceKek(practiceId) : await keyring.rotatePracticeKek(practiceId);
  const rewrapped = await withPracticeTx(db, ctx(practiceId), async (tx) => {
    const rows = (await readWrappedKeys(tx, practiceId)).filter((r) => r.kek_version !== kek.version);
    for (const row of rows) {
      const key = unwrapKey(keyring, practiceId, row);
      const wrapped = wrapKey(kek.key, practiceId, row.purpose, row.version, key);
      await tx.rows(sql`update practice_keys set wrapped_key = ${wrapped}, kek_version = ${kek.version}
                         where practice_id = ${practiceId} and purpose = ${row.purpose} and version = ${row.version}`);
    }
    tx.audit({ action: 'kek_rotate', resourceType: 'practice_key', resourceId: `kek:${kek.version}` });
    return rows.length;
  });
  return { kekVersion: kek.version, rewrapped };
}
