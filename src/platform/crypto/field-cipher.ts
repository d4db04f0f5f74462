import type { Database } from '../db/database.js';
import type { PracticeTx } from '../db/practice-tx.js';
import { open, seal } from './aead.js';
import type { BlindIndexKind } from './blind-index.js';
import { computeBlindIndex } from './blind-index.js';
import type { PracticeKeys } from './data-keys.js';
import { loadPracticeKeys } from './data-keys.js';
import { decryptFailure } from './decrypt-failure.js';
import type { FieldRef } from './field-format.js';
import { aadFor, checkFieldRef, formatField, parseField } from './field-format.js';
import type { KeyCacheOptions } from './key-cache.js';
import { KeyCache } from './key-cache.js';
import type { Keyring } from './keyring.js';

/**
 * Field encryption for every module. Keys are read through the caller's withPracticeTx transaction
 * (so RLS scopes them to its practice) and cached unwrapped for a bounded time.
 */
export interface FieldCipher {
  encrypt(tx: PracticeTx, ref: FieldRef, plaintext: string): Promise<string>;
  /** Throws DecryptionError (and records a `decrypt_failed` security event) when authentication fails. */
  decrypt(tx: PracticeTx, ref: FieldRef, stored: string): Promise<string>;
  /** HMAC-SHA256 of the normalised value with the practice's index key, for exact-match lookup. */
  blindIndex(tx: PracticeTx, kind: BlindIndexKind, value: string): Promise<string>;
  /** Drops cached keys (after a rotation or destruction in this process). */
  forget(practiceId?: string): void;
  /** Waits for security events still being written (tests, shutdown). */
  flushSecurityEvents(): Promise<void>;
}

export interface FieldCipherOptions extends KeyCacheOptions {
  db: Pick<Database, 'transaction'>;
  keyring: Keyring;
}

export function createFieldCipher(opts: FieldCipherOptions): FieldCipher {
  const cache = new KeyCache(opts);
  const pending = new Set<Promise<void>>();

  /** The cached keys when they serve, so the common path takes no extra await. */
  function cachedKeys(tx: PracticeTx, practiceId: string, needVersion?: number): PracticeKeys | undefined {
    if (practiceId !== tx.practiceId) throw new TypeError('a field of one practice cannot be used in a transaction of another');
    const cached = cache.get(practiceId);
    return cached && (needVersion === undefined || cached.data.has(needVersion)) ? cached : undefined;
  }

  async function loadKeys(tx: PracticeTx, practiceId: string): Promise<PracticeKeys> {
    await opts.keyring.refresh();
    const keys = await loadPracticeKeys(tx, opts.keyring, practiceId);
    cache.set(practiceId, keys);
    return keys;
  }

  const fail = (ref: FieldRef, why: string): never => decryptFailure(opts.db, pending, ref, why);

  return {
    async encrypt(tx, ref, plaintext): Promise<string> {
      checkFieldRef(ref);
      const keys = cachedKeys(tx, ref.practiceId) ?? (await loadKeys(tx, ref.practiceId));
      const { version, key } = keys.activeData;
      return formatField(version, seal(key, Buffer.from(plaintext, 'utf8'), aadFor(ref, version)));
    },

    async decrypt(tx, ref, stored): Promise<string> {
      checkFieldRef(ref);
      const parsed = parseField(stored);
      if (!parsed) return fail(ref, 'not an encrypted field (format v1)');
      const keys = cachedKeys(tx, ref.practiceId, parsed.keyVersion) ?? (await loadKeys(tx, ref.practiceId));
      const key = keys.data.get(parsed.keyVersion);
      if (!key) return fail(ref, `the practice has no data key version ${parsed.keyVersion}`);
      const plain = open(key, parsed.sealed, aadFor(ref, parsed.keyVersion));
      if (!plain) return fail(ref, 'authentication failed (tampered, or moved from another row, column or practice)');
      return plain.toString('utf8');
    },

    async blindIndex(tx, kind, value): Promise<string> {
      const keys = cachedKeys(tx, tx.practiceId) ?? (await loadKeys(tx, tx.practiceId));
      return computeBlindIndex(keys.index.key, keys.index.version, kind, value);
    },

    forget(practiceId?: string): void {
      if (practiceId) cache.delete(practiceId);
      else cache.clear();
    },

    async flushSecurityEvents(): Promise<void> {
      await Promise.all([...pending]);
    },
  };
}
