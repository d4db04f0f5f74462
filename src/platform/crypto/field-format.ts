import type { Sealed } from './aead.js';
import { NONCE_BYTES, TAG_BYTES } from './aead.js';

/**
 * The stored form of an encrypted field, format v1 (documented with a test vector in docs/SECURITY.md):
 *
 *   cf1.k<dek version>.<nonce>.<ciphertext>.<tag>      (each part base64url without padding)
 *
 * The key is the practice's data key of that version; the practice comes from the row. The AAD is
 * the UTF-8 bytes of `cf1.k<dek version>|<table>|<column>|<row id>|<practice id>`: the header is
 * authenticated, and a ciphertext copied to another row, column, table or practice fails.
 */
export const FIELD_PREFIX = 'cf1';
export const FIELD_PATTERN = /^cf1\.k([1-9][0-9]{0,8})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

export interface FieldRef {
  table: string;
  column: string;
  rowId: string;
  practiceId: string;
}

export interface ParsedField {
  keyVersion: number;
  sealed: Sealed;
}

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;
const ROW_ID = /^[A-Za-z0-9_:.-]{1,200}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Every part is restricted so that the `|`-joined AAD is unambiguous; throws TypeError otherwise. */
export function checkFieldRef(ref: FieldRef): void {
  if (!IDENT.test(ref.table) || !IDENT.test(ref.column)) throw new TypeError('field table and column must be lower-case SQL identifiers');
  if (!ROW_ID.test(ref.rowId)) throw new TypeError('field row id must be 1-200 characters of A-Z a-z 0-9 _ : . -');
  if (!UUID.test(ref.practiceId)) throw new TypeError('field practice id must be a lower-case uuid');
}

/** The AAD of a checked reference under a key version. */
export function aadFor(ref: FieldRef, keyVersion: number): Buffer {
  return Buffer.from(`${FIELD_PREFIX}.k${keyVersion}|${ref.table}|${ref.column}|${ref.rowId}|${ref.practiceId}`, 'utf8');
}

export function fieldAad(ref: FieldRef, keyVersion: number): Buffer {
  checkFieldRef(ref);
  if (!Number.isInteger(keyVersion) || keyVersion < 1) throw new TypeError('key version must be a positive integer');
  return aadFor(ref, keyVersion);
}

export function formatField(keyVersion: number, s: Sealed): string {
  return `${FIELD_PREFIX}.k${keyVersion}.${s.nonce.toString('base64url')}.${s.ciphertext.toString('base64url')}.${s.tag.toString('base64url')}`;
}

export function parseField(text: string): ParsedField | null {
  const m = FIELD_PATTERN.exec(text);
  if (!m) return null;
  const nonce = Buffer.from(m[2]!, 'base64url');
  const tag = Buffer.from(m[4]!, 'base64url');
  // base64url decoding ignores stray bits; re-encoding catches a changed last character.
  if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) return null;
  const ciphertext = Buffer.from(m[3]!, 'base64url');
  if (nonce.toString('base64url') !== m[2] || tag.toString('base64url') !== m[4] || ciphertext.toString('base64url') !== m[3]) return null;
  return { keyVersion: Number(m[1]), sealed: { nonce, ciphertext, tag } };
}

/** The key version of a stored field without decrypting it (rotation progress). */
export function fieldKeyVersion(text: string): number | null {
  const m = /^cf1\.k([1-9][0-9]{0,8})\./.exec(text);
  return m ? Number(m[1]) : null;
}
