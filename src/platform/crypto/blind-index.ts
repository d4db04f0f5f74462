import { createHmac } from 'node:crypto';
import { NormalisationError } from './errors.js';

export type BlindIndexKind = 'email' | 'phone' | 'name';

/** Lower-cased and NFKC-normalised; dots and plus tags are kept because mail servers differ on them. */
export function normaliseEmail(value: string): string {
  const v = value.normalize('NFKC').trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(v)) throw new NormalisationError('not an email address');
  return v;
}

/**
 * E.164: `+` and 8 to 15 digits. Separators are dropped; `00` is the international prefix; a national
 * number without a prefix takes the practice's default country calling code (1: North America).
 */
export function normalisePhone(value: string, defaultCallingCode = '1'): string {
  const v = value.normalize('NFKC').trim();
  if (!/^\+?[0-9\s().\-/]+$/.test(v)) throw new NormalisationError('not a phone number');
  let digits = v.replace(/[^0-9]/g, '');
  if (v.startsWith('+')) {
    // already international
  } else if (digits.startsWith('00')) {
    digits = digits.slice(2);
  } else if (defaultCallingCode === '1' && digits.length === 11 && digits.startsWith('1')) {
    // North American number written with its trunk prefix 1
  } else {
    digits = defaultCallingCode + digits.replace(/^0+/, '');
  }
  if (!/^[1-9][0-9]{7,14}$/.test(digits)) throw new NormalisationError('not a phone number (E.164 has 8 to 15 digits)');
  return `+${digits}`;
}

/** Case-folded (ß matches ss), accents removed, inner whitespace collapsed. */
export function normaliseName(value: string): string {
  const v = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  if (v.length === 0) throw new NormalisationError('empty name');
  return v;
}

export function normaliseForIndex(kind: BlindIndexKind, value: string): string {
  switch (kind) {
    case 'email':
      return normaliseEmail(value);
    case 'phone':
      return normalisePhone(value);
    case 'name':
      return normaliseName(value);
  }
}

export const BLIND_INDEX_PATTERN = /^bi1\.k[1-9][0-9]{0,8}\.[A-Za-z0-9_-]{43}$/;

/**
 * HMAC-SHA256 over `<kind>:<normalised value>` with the practice's index key. The kind is part of the
 * message so an email and a name that normalise alike never share an index value.
 */
export function computeBlindIndex(indexKey: Buffer, keyVersion: number, kind: BlindIndexKind, value: string): string {
  const mac = createHmac('sha256', indexKey).update(`${kind}:${normaliseForIndex(kind, value)}`, 'utf8').digest('base64url');
  return `bi1.k${keyVersion}.${mac}`;
}
