import type { Database, SqlRunner } from '../db/database.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import { open, seal } from './aead.js';
import type { BlindIndexKind } from './blind-index.js';
import { computeBlindIndex } from './blind-index.js';
import type { PracticeKeys } from './data-keys.js';
import { decryptFailure } from './decrypt-failure.js';
import type { FieldRef } from './field-format.js';
import { aadFor, checkFieldRef, formatField, parseField } from './field-format.js';
import { loadInstallationKeys } from './installation-keys.js';
import type { KeyCacheOptions } from './key-cache.js';
import { KeyCache } from './key-cache.js';
import type { Keyring } from './keyring.js';

export type InstallationFieldRef = Omit<FieldRef, 'practiceId'>;

/**
 * Field encryption for PHI in installation-level tables (a person's account across practices). Same
 * format as practice fields; the AAD's practice id is the installation stream id, and the keys are the
 * installation's, so a practice field and an installation field can never stand in for each other.
 * Installation fields are not crypto-shredded with a practice.
 */
export interface InstallationFieldCipher {
  encrypt(tx: SqlRunner, ref: InstallationFieldRef, plaintext: string): Promise<string>;
  decrypt(tx: SqlRunner, ref: InstallationFieldRef, stored: string): Promise<string>;
  blindIndex(tx: SqlRunner, kind: BlindIndexKind, value: string): Promise<string>;
  flushSecurityEvents(): Promise<void>;
}

export function createInstallationFieldCipher(opts: KeyCacheOptions & { db: Pick<Database, 'transaction'>; keyring: Keyring }): InstallationFieldCipher {
  const cache = new KeyCache(opts);
  const pending = new Set<Promise<void>>();
  const full = (ref: InstallationFieldRef): FieldRef => ({ ...ref, practiceId: INSTALLATION_STREAM_ID });

  async function keys(tx: SqlRunner, needVersion?: number): Promise<PracticeKeys> {
    const cached = cache.get(INSTALLATION_STREAM_ID);
    if (cached && (needVersion === undefined || cached.data.has(needVersion))) return cached;
    await opts.keyring.refresh();
    const loaded = await loadInstallationKeys(tx, opts.keyring);
    cache.set(INSTALLATION_STREAM_ID, loaded);
    return loaded;
  }

  return {
    async encrypt(tx, ref, plaintext): Promise<string> {
      const r = full(ref);
      checkFieldRef(r);
      const { version, key } = (await keys(tx)).activeData;
      return formatField(version, seal(key, Buffer.from(plaintext, 'utf8'), aadFor(r, version)));
    },
    async decrypt(tx, ref, stored): Promise<string> {
      const r = full(ref);
      checkFieldRef(r);
      const parsed = parseField(stored);
      if (!parsed) return decryptFailure(opts.db, pending, r, 'not an encrypted field (format v1)');
      const key = (await keys(tx, parsed.keyVersion)).data.get(parsed.keyVersion);
      if (!key) return decryptFailure(opts.db, pending, r, `the installation has no data key version ${parsed.keyVersion}`);
      const plain = open(key, parsed.sealed, aadFor(r, parsed.keyVersion));
      if (!plain) return decryptFailure(opts.db, pending, r, 'authentication failed (tampered, or moved from another row, column or practice)');
      return plain.toString('utf8');
    },
    async blindIndex(tx, kind, value): Promise<string> {
      const { index } = await keys(tx);
      return computeBlindIndex(index.key, index.version, kind, value);
    },
    async flushSecurityEvents(): Promise<void> {
      await Promise.all([...pending]);
    },
  };
}
