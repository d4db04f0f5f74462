import { describe, expect, it } from 'vitest';
import { hasActiveConsent } from './consent-kinds.js';
import type { ConsentRecordView } from './service.js';
import { toConsentRecords } from './service.js';

const rec = (decision: 'granted' | 'withdrawn', decidedAt: string, over: Partial<ConsentRecordView> = {}): ConsentRecordView => ({
  id: `${decision}-${decidedAt}`,
  kind: 'session_recording',
  decision,
  version: 1,
  method: 'written',
  givenBy: 'client',
  decidedAt,
  expiresAt: null,
  recordedBy: '00000000-0000-4000-8000-00000000c11e',
  recordedAt: decidedAt,
  ...over,
});

describe('append-only history read as consent periods', () => {
  it('a withdrawal ends the grant before it; a later grant starts afresh', () => {
    const history = [rec('granted', '2026-01-01T00:00:00.000Z'), rec('withdrawn', '2026-02-01T00:00:00.000Z'), rec('granted', '2026-03-01T00:00:00.000Z')];
    const periods = toConsentRecords(history);
    expect(periods.map((p) => [p.givenAt.toISOString(), p.withdrawnAt?.toISOString() ?? null])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-03-01T00:00:00.000Z', null],
    ]);
    expect(hasActiveConsent(periods, 'session_recording', new Date('2026-01-15T00:00:00Z'))).toBe(true);
    expect(hasActiveConsent(periods, 'session_recording', new Date('2026-02-15T00:00:00Z'))).toBe(false);
    expect(hasActiveConsent(periods, 'session_recording', new Date('2026-03-15T00:00:00Z'))).toBe(true);
  });

  it('a withdrawal of one kind never ends a grant of another', () => {
    const periods = toConsentRecords([rec('granted', '2026-01-01T00:00:00.000Z'), rec('withdrawn', '2026-02-01T00:00:00.000Z', { kind: 'sms' })]);
    expect(periods[0]!.withdrawnAt).toBeNull();
  });

  it('a withdrawal recorded before any grant does not end a later grant', () => {
    const periods = toConsentRecords([rec('withdrawn', '2026-01-01T00:00:00.000Z'), rec('granted', '2026-02-01T00:00:00.000Z')]);
    expect(periods).toHaveLength(1);
    expect(periods[0]!.withdrawnAt).toBeNull();
  });
});
