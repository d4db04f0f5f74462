import { describe, expect, it } from 'vitest';
import { commonPasswordCount, topListSize } from './common-passwords.js';
import type { PasswordContext } from './password-policy.js';
import { checkPassword } from './password-policy.js';

const ctx: PasswordContext = { profile: 'default', hasMfa: true, email: 'synthetic.rowan@example.test', displayName: 'Test Clinician Marlowe', practiceName: 'Test Practice Juniper' };
const rules = (password: string, c: Partial<PasswordContext> = {}): string[] => checkPassword(password, { ...ctx, ...c }).map((f) => f.rule);

describe('password policy', () => {
  it('accepts a strong password', () => {
    expect(rules('Velvet-Harbor-Quartz-91')).toEqual([]);
  });

  it('needs 12 characters with MFA and 15 without', () => {
    expect(rules('Vh7-kq2Lp9x')).toContain('too_short'); // 11
    expect(rules('Vh7-kq2Lp9xZ')).not.toContain('too_short'); // 12
    expect(rules('Vh7-kq2Lp9xZ', { hasMfa: false })).toContain('too_short');
    expect(rules('Vh7-kq2Lp9xZwe!', { hasMfa: false })).not.toContain('too_short'); // 15
  });

  it('refuses more than 128 characters and counts characters, not bytes', () => {
    expect(rules('Aa1!' + 'x'.repeat(125))).toContain('too_long');
    expect(rules('Ää1!ëïöüÿáéíóú')).not.toContain('too_short'); // 14 characters, more bytes
  });

  it('needs 3 of 4 character classes in the default profile but not in the nist profile', () => {
    expect(rules('velvetharborquartz')).toContain('character_classes');
    expect(rules('velvetharborquartz', { profile: 'nist' })).not.toContain('character_classes');
    expect(rules('velvet harbor quartz', { profile: 'nist' })).toEqual([]);
  });

  it('refuses the common-password list, case-insensitively', () => {
    expect(topListSize()).toBe(100_000);
    // Case variants collapse: the comparison is case-insensitive.
    expect(commonPasswordCount()).toBeGreaterThan(95_000);
    // Rank 81,289 of the corpus, in neither the sequence nor the repeat rule: only the list catches it.
    expect(rules('070793Monolit', { profile: 'nist' })).toEqual(['common']);
    expect(rules('password1234', { profile: 'nist' })).toContain('common');
    expect(rules('Qwertyuiop123', { profile: 'nist' })).toContain('common');
  });

  it('refuses the email name, display name and practice name', () => {
    expect(rules('Rowan-Tangerine-77')).toContain('personal');
    expect(rules('xx-MARLOWE-Quartz-77')).toContain('personal');
    expect(rules('Juniper!Lantern-88')).toContain('personal');
    expect(rules('Velvet-Harbor-Quartz-91')).not.toContain('personal');
  });

  it('refuses sequences and keyboard rows in both directions, and repeats', () => {
    expect(rules('Lantern-abcd-Moss!')).toContain('sequence');
    expect(rules('Lantern-9876-Moss!')).toContain('sequence');
    expect(rules('Lantern-Qwer-Moss!')).toContain('sequence');
    expect(rules('Lantern-aaaa-Moss!')).toContain('repeat');
    expect(rules('Lantern-aaa-Moss!1')).not.toContain('repeat');
  });

  it('names every failed rule at once', () => {
    expect(rules('aaaa1234')).toEqual(expect.arrayContaining(['too_short', 'character_classes', 'sequence', 'repeat']));
  });
});
