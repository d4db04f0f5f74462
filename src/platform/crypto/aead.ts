import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a random 96-bit nonce and a 128-bit tag, straight from node:crypto. */
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer, nonce: Buffer = randomBytes(NONCE_BYTES)): Sealed {
  if (key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM needs a 32-byte key');
  if (nonce.length !== NONCE_BYTES) throw new RangeError('AES-256-GCM here uses a 12-byte nonce');
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/** Returns null when authentication fails, so callers raise their own error with context. */
export function open(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  if (key.length !== KEY_BYTES || sealed.nonce.length !== NONCE_BYTES || sealed.tag.length !== TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

/** nonce ‖ ciphertext ‖ tag, the layout of wrapped keys in the database. */
export function packSealed(s: Sealed): Buffer {
  return Buffer.concat([s.nonce, s.ciphertext, s.tag]);
}

export function unpackSealed(b: Buffer): Sealed | null {
  if (b.length < NONCE_BYTES + TAG_BYTES) return null;
  return { nonce: b.subarray(0, NONCE_BYTES), ciphertext: b.subarray(NONCE_BYTES, b.length - TAG_BYTES), tag: b.subarray(b.length - TAG_BYTES) };
}
