import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import { KEY_BYTES, open, packSealed, seal, unpackSealed } from './aead.js';
import { KeyUnavailableError } from './errors.js';
import type { Keyring } from './keyring.js';

export type KeyPurpose = 'data' | 'index';

export interface WrappedKeyRow {
  purpose: KeyPurpose;
  version: number;
  wrapped_key: Buffer | Uint8Array;
  kek_version: number;
  status: 'active' | 'retired';
}

export interface DataKey {
  version: number;
  key: Buffer;
}

/** Unwrapped keys of one practice; kept in memory only, for a bounded time (key-cache.ts). */
export interface PracticeKeys {
  activeData: DataKey;
  data: Map<number, Buffer>;
  index: DataKey;
}

/** The AAD of a wrapped key binds it to its practice, purpose and version: a wrapped key moved elsewhere fails. */
function wrapAad(practiceId: string, purpose: KeyPurpose, version: number): Buffer {
  return Buffer.from(`confidant-dek-v1|${practiceId}|${purpose}|${version}`, 'utf8');
}

export function wrapKey(kek: Buffer, practiceId: string, purpose: KeyPurpose, version: number, key: Buffer): Buffer {
  return packSealed(seal(kek, key, wrapAad(practiceId, purpose, version)));
}

export function unwrapKey(keyring: Keyring, practiceId: string, row: WrappedKeyRow): Buffer {
  const kek = keyring.practiceKek(practiceId, row.kek_version);
  const sealed = unpackSealed(Buffer.from(row.wrapped_key));
  const key = sealed && open(kek.key, sealed, wrapAad(practiceId, row.purpose, row.version));
  if (!key) throw new KeyUnavailableError(`the ${row.purpose} key v${row.version} of practice ${practiceId} does not unwrap with KEK v${row.kek_version}`, 'missing');
  return key;
}

/** Rows of practice_keys visible to the transaction (RLS limits them to its practice). */
export async function readWrappedKeys(tx: SqlRunner, practiceId: string): Promise<WrappedKeyRow[]> {
  return tx.rows<WrappedKeyRow>(sql`select purpose, version, wrapped_key, kek_version, status from practice_keys where practice_id = ${practiceId} order by purpose, version`);
}

export async function loadPracticeKeys(tx: SqlRunner, keyring: Keyring, practiceId: string): Promise<PracticeKeys> {
  const rows = await readWrappedKeys(tx, practiceId);
  const data = new Map<number, Buffer>();
  let activeData: DataKey | null = null;
  let index: DataKey | null = null;
  for (const row of rows) {
    const key = unwrapKey(keyring, practiceId, row);
    if (row.purpose === 'data') {
      data.set(row.version, key);
      if (row.status === 'active') activeData = { version: row.version, key };
    } else if (row.status === 'active') {
      index = { version: row.version, key };
    }
  }
  if (!activeData || !index) {
    throw new KeyUnavailableError(`practice ${practiceId} has no active data keys (provisionPracticeKeys was not run)`, keyring.isDestroyed(practiceId) ? 'destroyed' : 'missing');
  }
  return { activeData, data, index };
}

export async function insertWrappedKey(tx: SqlRunner, keyring: Keyring, practiceId: string, purpose: KeyPurpose, version: number): Promise<void> {
  const kek = keyring.practiceKek(practiceId);
  const wrapped = wrapKey(kek.key, practiceId, purpose, version, randomBytes(KEY_BYTES));
  await tx.rows(sql`insert into practice_keys (practice_id, purpose, version, wrapped_key, kek_version, status)
                    values (${practiceId}, ${purpose}, ${version}, ${wrapped}, ${kek.version}, 'active')`);
}
