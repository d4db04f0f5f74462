import { describe, expect, it } from 'vitest';
import type { ConsentRecord } from './consent-kinds.js';
import { CONSENT_KINDS, hasActiveConsent } from './consent-kinds.js';

const t = (iso: string): Date => new Date(iso);
const given = (over: Partial<ConsentRecord> = {}): ConsentRecord => ({
  kind: 'session_recording',
  version: 1,
  givenAt: t('2026-01-01T10:00:00Z'),
  method: 'electronic',
  recordedBy: '00000000-0000-4000-8000-00000000c11e',
  withdrawnAt: null,
  ...over,
});

describe('consent checks', () => {
  it('no record means no consent', () => {
    expect(hasActiveConsent([], 'session_recording')).toBe(false);
  });

  it('a consent counts from the moment it is given until withdrawn', () => {
    const r = given({ withdrawnAt: t('2026-03-01T00:00:00Z') });
    expect(hasActiveConsent([r], 'session_recording', t('2025-12-31T00:00:00Z'))).toBe(false);
    expect(hasActiveConsent([r], 'session_recording', t('2026-02-01T00:00:00Z'))).toBe(true);
    expect(hasActiveConsent([r], 'session_recording', t('2026-03-01T00:00:00Z'))).toBe(false);
  });

  it('the newest record decides: consent given again after a withdrawal is active', () => {
    const first = given({ withdrawnAt: t('2026-02-01T00:00:00Z') });
    const again = given({ givenAt: t('2026-04-01T00:00:00Z') });
    expect(hasActiveConsent([first, again], 'session_recording', t('2026-05-01T00:00:00Z'))).toBe(true);
    expect(hasActiveConsent([first, again], 'session_recording', t('2026-03-01T00:00:00Z'))).toBe(false);
  });

  it('one kind of consent never stands in for another', () => {
    expect(hasActiveConsent([given()], 'ai_processing', t('2026-02-01T00:00:00Z'))).toBe(false);
  });

  it('an expired Part 2 consent no longer counts', () => {
    const r = given({ kind: 'part2_disclosure', expiresAt: t('2026-06-01T00:00:00Z') });
    expect(hasActiveConsent([r], 'part2_disclosure', t('2026-05-31T00:00:00Z'))).toBe(true);
    expect(hasActiveConsent([r], 'part2_disclosure', t('2026-06-01T00:00:00Z'))).toBe(false);
  });

  it('a consent to a version older than required does not count', () => {
    expect(hasActiveConsent([given({ version: CONSENT_KINDS.session_recording.requiredVersion - 1 })], 'session_recording', t('2026-02-01T00:00:00Z'))).toBe(false);
  });

  it('the SMS consent carries the 164.522(b) risk disclosure', () => {
    expect(CONSENT_KINDS.sms.text).toMatch(/not encrypted/);
  });
});
