import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, seal } from './aead.js';
import type { FieldRef } from './field-format.js';
import { fieldAad, formatField, parseField } from './field-format.js';

// The known-answer vector printed in docs/SECURITY.md ("Encryption at rest"); checked there with
// Python's cryptography package as an independent AES-GCM implementation.
const KAT = {
  key: Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex'),
  nonce: Buffer.from('cafebabefacedbaddecaf888', 'hex'),
  ref: { table: 'clients', column: 'display_name', rowId: '6f1c2a3b-4d5e-4f60-8172-839495a6b7c8', practiceId: '0d9e8f7a-6b5c-4d3e-9f20-1a2b3c4d5e6f' },
  aad: 'cf1.k1|clients|display_name|6f1c2a3b-4d5e-4f60-8172-839495a6b7c8|0d9e8f7a-6b5c-4d3e-9f20-1a2b3c4d5e6f',
  plaintext: 'Test Client 3f2a',
  stored: 'cf1.k1.yv66vvrO263eyviI.3sbTUoo5I3IjZSn9SHu7Xg.BuJwUlWDLP3tVXSecuD9JQ',
};

function decryptWith(key: Buffer, ref: FieldRef, stored: string): string | null {
  const parsed = parseField(stored);
  if (!parsed) return null;
  return open(key, parsed.sealed, fieldAad(ref, parsed.keyVersion))?.toString('utf8') ?? null;
}

describe('field format v1', () => {
  it('matches the known-answer vector', () => {
    expect(fieldAad(KAT.ref, 1).toString('utf8')).toBe(KAT.aad);
    expect(formatField(1, seal(KAT.key, Buffer.from(KAT.plaintext), fieldAad(KAT.ref, 1), KAT.nonce))).toBe(KAT.stored);
    expect(decryptWith(KAT.key, KAT.ref, KAT.stored)).toBe(KAT.plaintext);
  });

  it('round-trips text including empty, multi-byte and long values', () => {
    const key = randomBytes(32);
    for (const text of ['', 'Synthetic note 7c1e: ünïcødé ✓ 日本語', 'x'.repeat(100_000)]) {
      const stored = formatField(3, seal(key, Buffer.from(text), fieldAad(KAT.ref, 3)));
      expect(parseField(stored)?.keyVersion).toBe(3);
      expect(decryptWith(key, KAT.ref, stored)).toBe(text);
    }
  });

  it('uses a fresh nonce each time: the same value never gives the same ciphertext', () => {
    const key = randomBytes(32);
    const a = formatField(1, seal(key, Buffer.from('same'), fieldAad(KAT.ref, 1)));
    const b = formatField(1, seal(key, Buffer.from('same'), fieldAad(KAT.ref, 1)));
    expect(a).not.toBe(b);
  });

  it('detects a change of any character of the stored value', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    let tried = 0;
    for (let i = 0; i < KAT.stored.length; i++) {
      const original = KAT.stored[i]!;
      // two substitutions per position: the next character of the alphabet and one far away
      for (const shift of [1, 31]) {
        const replacement = alphabet[(alphabet.indexOf(original) + shift) % alphabet.length]!;
        const tampered = KAT.stored.slice(0, i) + replacement + KAT.stored.slice(i + 1);
        tried++;
        expect(decryptWith(KAT.key, KAT.ref, tampered), `position ${i}`).toBeNull();
      }
    }
    expect(tried).toBe(KAT.stored.length * 2);
  });

  it('detects a flipped bit in any byte of nonce, ciphertext and tag', () => {
    const parsed = parseField(KAT.stored)!;
    const bytes = Buffer.concat([parsed.sealed.nonce, parsed.sealed.ciphertext, parsed.sealed.tag]);
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const t = Buffer.from(bytes);
        t[i]! ^= bit;
        const stored = formatField(1, { nonce: t.subarray(0, 12), ciphertext: t.subarray(12, t.length - 16), tag: t.subarray(t.length - 16) });
        expect(decryptWith(KAT.key, KAT.ref, stored), `byte ${i}`).toBeNull();
      }
    }
  });

  it('rejects truncation and extension', () => {
    expect(decryptWith(KAT.key, KAT.ref, KAT.stored.slice(0, -1))).toBeNull();
    expect(decryptWith(KAT.key, KAT.ref, KAT.stored + 'A')).toBeNull();
    const [pre, k, n, c, t] = KAT.stored.split('.');
    expect(decryptWith(KAT.key, KAT.ref, [pre, k, n, c!.slice(0, -2), t].join('.'))).toBeNull();
  });

  it.each([
    ['row', { rowId: '6f1c2a3b-4d5e-4f60-8172-839495a6b7c9' }],
    ['column', { column: 'legal_name' }],
    ['table', { table: 'contacts' }],
    ['practice', { practiceId: '0d9e8f7a-6b5c-4d3e-9f20-1a2b3c4d5e60' }],
  ])('fails when moved to another %s', (_what, change) => {
    expect(decryptWith(KAT.key, { ...KAT.ref, ...change }, KAT.stored)).toBeNull();
  });

  it('refuses references that would make the AAD ambiguous', () => {
    expect(() => fieldAad({ ...KAT.ref, rowId: 'a|b' }, 1)).toThrow(TypeError);
    expect(() => fieldAad({ ...KAT.ref, table: 'Clients' }, 1)).toThrow(TypeError);
    expect(() => fieldAad({ ...KAT.ref, practiceId: 'not-a-uuid' }, 1)).toThrow(TypeError);
  });
});
