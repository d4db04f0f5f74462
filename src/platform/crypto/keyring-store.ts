import { randomBytes, scryptSync } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { open as aeadOpen, seal } from './aead.js';
import { KeyringError } from './errors.js';
import type { KeyringDocument } from './keyring-document.js';
import { isPlaceholder, keyringDocumentSchema } from './keyring-document.js';

/**
 * Where the keyring is kept. Small on purpose: a KMS-backed provider implements these four methods
 * (load/save the document, hold a lock while read-modify-write, say whether it changed).
 */
export interface KeyringStore {
  readonly name: string;
  /** null when no keyring exists yet (first start). */
  load(): Promise<KeyringDocument | null>;
  save(doc: KeyringDocument): Promise<void>;
  /** Serialises read-modify-write between processes (the server and the `confidant keys` CLI). */
  withLock<T>(work: () => Promise<T>): Promise<T>;
  /** True when another process may have changed the keyring since the last load or save. */
  changed(): boolean;
}

const SEALED_FORMAT = 'confidant-keyring-sealed';
const SEAL_AAD = Buffer.from('confidant-keyring-sealed-v1', 'utf8');
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt turns CONFIDANT_MASTER_KEY (a random secret or a long passphrase) into the sealing key. */
function sealingKey(masterKey: string, salt: Buffer): Buffer {
  return scryptSync(masterKey.normalize('NFC'), salt, 32, SCRYPT);
}

function parseDocument(text: string, masterKey: string | null, origin: string): KeyringDocument | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new KeyringError(`${origin}: not a keyring document (invalid JSON)`, { cause: err });
  }
  if (isPlaceholder(raw)) return null;
  const sealed = raw as { format?: unknown; salt?: string; nonce?: string; ciphertext?: string; tag?: string };
  if (sealed.format === SEALED_FORMAT) {
    if (!masterKey) throw new KeyringError(`${origin}: the keyring is sealed; set CONFIDANT_MASTER_KEY`);
    const key = sealingKey(masterKey, Buffer.from(sealed.salt ?? '', 'base64'));
    const plain = aeadOpen(
      key,
      { nonce: Buffer.from(sealed.nonce ?? '', 'base64'), ciphertext: Buffer.from(sealed.ciphertext ?? '', 'base64'), tag: Buffer.from(sealed.tag ?? '', 'base64') },
      SEAL_AAD,
    );
    if (!plain) throw new KeyringError(`${origin}: cannot unseal the keyring (wrong CONFIDANT_MASTER_KEY or a damaged file)`);
    raw = JSON.parse(plain.toString('utf8'));
  }
  // A plain file with a master key set is accepted: the next save seals it.
  const parsed = keyringDocumentSchema.safeParse(raw);
  if (!parsed.success) throw new KeyringError(`${origin}: not a valid keyring document (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

function serialise(doc: KeyringDocument, masterKey: string | null): string {
  const json = JSON.stringify(doc, null, 2) + '\n';
  if (!masterKey) return json;
  const salt = randomBytes(16);
  const s = seal(sealingKey(masterKey, salt), Buffer.from(json, 'utf8'), SEAL_AAD);
  return (
    JSON.stringify(
      { format: SEALED_FORMAT, version: 1, kdf: 'scrypt-N32768-r8-p1', salt: salt.toString('base64'), nonce: s.nonce.toString('base64'), ciphertext: s.ciphertext.toString('base64'), tag: s.tag.toString('base64') },
      null,
      2,
    ) + '\n'
  );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * The default provider: `<dataDir>/keyring.json`, mode 0600, sealed with CONFIDANT_MASTER_KEY when one is
 * given. Writes go to a temporary file that is fsynced and renamed over the old one, so a crash leaves
 * either the old or the new keyring, never half of one.
 */
export function fileKeyringStore(file: string, masterKey: string | null): KeyringStore {
  // The bytes last read or written: mtime has a coarse clock and inode numbers are reused, so a change
  // by another process is detected by content (a few kilobytes, compared only on a key cache miss).
  let seen: Buffer | null = null;
  const lockFile = `${file}.lock`;
  return {
    name: 'file',
    async load(): Promise<KeyringDocument | null> {
      if (!existsSync(file)) return null;
      if ((statSync(file).mode & 0o077) !== 0) throw new KeyringError(`${path.basename(file)} is readable by group or others; expected mode 0600`);
      seen = readFileSync(file);
      return parseDocument(seen.toString('utf8'), masterKey, path.basename(file));
    },
    async save(doc: KeyringDocument): Promise<void> {
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      const content = Buffer.from(serialise(doc, masterKey), 'utf8');
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        writeSync(fd, content);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
      seen = content;
    },
    async withLock<T>(work: () => Promise<T>): Promise<T> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          closeSync(openSync(lockFile, 'wx', 0o600));
          break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
          // A lock older than a minute belongs to a process that died holding it. The holder may
          // release it between our attempt and this look: then there is nothing to clear, try again.
          const held = statSync(lockFile, { throwIfNoEntry: false });
          if (held && Date.now() - held.mtimeMs > 60_000) unlinkSync(lockFile);
          if (Date.now() > deadline) throw new KeyringError('the keyring is locked by another process (keyring.json.lock)');
          await sleep(20);
        }
      }
      try {
        return await work();
      } finally {
        unlinkSync(lockFile);
      }
    },
    changed(): boolean {
      if (!existsSync(file)) return seen !== null;
      return seen === null || !readFileSync(file).equals(seen);
    },
  };
}

/**
 * Container deployments: the keyring document (plain or sealed JSON, base64-encoded) comes from an
 * environment variable filled by the platform's secret store. It is read-only: creating a practice
 * key, rotating or destroying one changes the document, which the operator does with the file
 * provider and then stores as the new secret (docs/SECURITY.md, "Encryption at rest").
 */
export function envKeyringStore(documentBase64: string, masterKey: string | null): KeyringStore {
  const text = Buffer.from(documentBase64, 'base64').toString('utf8');
  return {
    name: 'env',
    async load(): Promise<KeyringDocument | null> {
      const doc = parseDocument(text, masterKey, 'CONFIDANT_KEYRING');
      if (!doc) throw new KeyringError('CONFIDANT_KEYRING: holds no keyring');
      return doc;
    },
    async save(): Promise<void> {
      throw new KeyringError('the env keyring provider is read-only: change the keyring with the file provider and update CONFIDANT_KEYRING');
    },
    async withLock<T>(work: () => Promise<T>): Promise<T> {
      return work();
    },
    changed(): boolean {
      return false;
    },
  };
}

/** The document an operator puts in CONFIDANT_KEYRING, from a keyring file (kept sealed if it is). */
export function envDocumentFromFile(file: string): string {
  return readFileSync(file).toString('base64');
}
