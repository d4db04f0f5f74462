import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, SqlRunner } from '../db/database.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import { KEY_BYTES, open, packSealed, seal, unpackSealed } from './aead.js';
import type { KeyPurpose, PracticeKeys, WrappedKeyRow } from './data-keys.js';
import { KeyUnavailableError } from './errors.js';
import type { Keyring } from './keyring.js';

/**
 * Data and index keys of the installation scope, wrapped by the installation KEK. Their AAD uses the
 * installation stream id where practice keys use the practice id, so the two can never be swapped.
 */
function aad(purpose: KeyPurpose, version: number): Buffer {
  return Buffer.from(`confidant-dek-v1|${INSTALLATION_STREAM_ID}|${purpose}|${version}`, 'utf8');
}

export function unwrapInstallationKey(keyring: Keyring, row: WrappedKeyRow): Buffer {
  const sealed = unpackSealed(Buffer.from(row.wrapped_key));
  const key = sealed && open(keyring.installationKek(row.kek_version).key, sealed, aad(row.purpose, row.version));
  if (!key) throw new KeyUnavailableError(`the installation ${row.purpose} key v${row.version} does not unwrap with KEK v${row.kek_version}`, 'missing');
  return key;
}

export async function loadInstallationKeys(tx: SqlRunner, keyring: Keyring): Promise<PracticeKeys> {
  const rows = await tx.rows<WrappedKeyRow>(sql`select purpose, version, wrapped_key, kek_version, status from installation_keys order by purpose, version`);
  const data = new Map<number, Buffer>();
  let activeData: PracticeKeys['activeData'] | null = null;
  let index: PracticeKeys['index'] | null = null;
  for (const row of rows) {
    const key = unwrapInstallationKey(keyring, row);
    if (row.purpose === 'data') {
      data.set(row.version, key);
      if (row.status === 'active') activeData = { version: row.version, key };
    } else if (row.status === 'active') index = { version: row.version, key };
  }
  if (!activeData || !index) throw new KeyUnavailableError('the installation has no data keys (provisionInstallationKeys runs at start-up)', 'missing');
  return { activeData, data, index };
}

/** Creates the installation's first data and index keys if missing; run at every start, idempotent. */
export async function provisionInstallationKeys(db: Database, keyring: Keyring): Promise<{ created: number }> {
  return db.transaction(async (tx) => {
    const have = new Set((await tx.rows<{ purpose: KeyPurpose }>(sql`select purpose from installation_keys where status = 'active'`)).map((r) => r.purpose));
    let created = 0;
    for (const purpose of ['data', 'index'] as const) {
      if (have.has(purpose)) continue;
      const kek = keyring.installationKek();
      const wrapped = packSealed(seal(kek.key, randomBytes(KEY_BYTES), aad(purpose, 1)));
      // A concurrent start may have inserted it first: the primary key keeps exactly one.
      const rows = await tx.rows(sql`insert into installation_keys (purpose, version, wrapped_key, kek_version) values (${purpose}, 1, ${wrapped}, ${kek.version})
                                     on conflict do nothing returning version`);
      created += rows.length;
    }
    return { created };
  });
}

/** After an installation KEK rotation: re-wraps the installation keys (as the owner; the app may only insert). */
export async function rewrapInstallationKeys(db: Database, keyring: Keyring): Promise<number> {
  const kek = keyring.installationKek();
  return db.ownerTransaction(async (tx) => {
    const rows = (await tx.rows<WrappedKeyRow>(sql`select purpose, version, wrapped_key, kek_version, status from installation_keys`)).filter((r) => r.kek_version !== kek.version);
    for (const row of rows) {
      const wrapped = packSealed(seal(kek.key, unwrapInstallationKey(keyring, row), aad(row.purpose, row.version)));
      await tx.rows(sql`update installation_keys set wrapped_key = ${wrapped}, kek_version = ${kek.version} where purpose = ${row.purpose} and version = ${row.version}`);
    }
    return rows.length;
  });
}
