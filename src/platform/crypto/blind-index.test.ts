import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BLIND_INDEX_PATTERN, computeBlindIndex, normaliseEmail, normaliseName, normalisePhone } from './blind-index.js';
import { NormalisationError } from './errors.js';

describe('blind index normalisation', () => {
  it('emails: case and surrounding space do not matter, the local part is kept', () => {
    expect(normaliseEmail('  Synthetic.Person+Tag@Example.TEST ')).toBe('synthetic.person+tag@example.test');
    expect(() => normaliseEmail('not an email')).toThrow(NormalisationError);
  });

  it('phones: written forms of one number give one E.164 value', () => {
    for (const v of ['(555) 010-4477', '555.010.4477', '1 555 010 4477', '+1 555-010-4477', '001 555 010 4477']) {
      expect(normalisePhone(v), v).toBe('+15550104477');
    }
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('020 7946 0958', '44')).toBe('+442079460958');
    expect(() => normalisePhone('call me')).toThrow(NormalisationError);
    expect(() => normalisePhone('12')).toThrow(NormalisationError);
  });

  it('names: case-folded, accents removed, spaces collapsed', () => {
    expect(normaliseName('  Zoë   Ångström-Test ')).toBe('zoe angstrom-test');
    expect(normaliseName('STRAßE')).toBe(normaliseName('strasse'));
    expect(normaliseName('Ｔｅｓｔ')).toBe('test');
  });
});

describe('blind index values', () => {
  const key = randomBytes(32);
  it('equal normalised values give equal indexes; different ones, kinds or keys do not', () => {
    const a = computeBlindIndex(key, 1, 'email', 'Synthetic.Person@Example.test');
    expect(a).toMatch(BLIND_INDEX_PATTERN);
    expect(computeBlindIndex(key, 1, 'email', 'synthetic.person@example.test ')).toBe(a);
    expect(computeBlindIndex(key, 1, 'email', 'synthetic.persona@example.test')).not.toBe(a);
    expect(computeBlindIndex(randomBytes(32), 1, 'email', 'synthetic.person@example.test')).not.toBe(a);
    expect(computeBlindIndex(key, 1, 'name', 'a@b.test')).not.toBe(computeBlindIndex(key, 1, 'email', 'a@b.test'));
  });

  it('is HMAC-SHA256 of kind:normalised value', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', key).update('name:zoe test').digest('base64url');
    expect(computeBlindIndex(key, 2, 'name', 'ZOË  Test')).toBe(`bi1.k2.${expected}`);
  });
});
