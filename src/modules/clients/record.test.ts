import { describe, expect, it } from 'vitest';
import type { ClientDocument } from './record.js';
import { applyPatch, ClientPatch, displayName, NewClient, NO_CONTACT, recordProblems } from './record.js';

const TODAY = new Date('2026-06-01T00:00:00Z');
const doc: ClientDocument = {
  legalFirstName: 'Testy',
  legalLastName: 'McTestface',
  preferredName: 'Tess',
  dateOfBirth: '1990-04-01',
  phone: '+12015550101',
  contactPreferences: NO_CONTACT,
};

describe('client record', () => {
  it('a patch changes given fields, clears optional ones with null, merges contact preferences', () => {
    const patch = ClientPatch.parse({ preferredName: null, phone: '(201) 555-0199', contactPreferences: { okToText: true } });
    const next = applyPatch(doc, patch);
    const { preferredName: _cleared, ...rest } = doc;
    expect(next).toEqual({ ...rest, phone: '+12015550199', contactPreferences: { ...NO_CONTACT, okToText: true } });
    expect('preferredName' in next).toBe(false);
  });

  it('a patch may not clear a required field, add unknown fields or be empty; messages never quote values', () => {
    expect(ClientPatch.safeParse({ legalLastName: null }).success).toBe(false);
    expect(ClientPatch.safeParse({ ssn: '000-00-0000' }).success).toBe(false);
    expect(ClientPatch.safeParse({}).success).toBe(false);
    const bad = ClientPatch.safeParse({ email: 'not-an-email-Zq9', dateOfBirth: '1890-01-01' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).not.toMatch(/Zq9|1890/);
  });

  it('a minor needs a guardian on the whole record; the display name prefers the preferred name', () => {
    expect(recordProblems({ ...doc, dateOfBirth: '2015-01-01' }, TODAY)).toEqual([{ field: 'body/guardianName', message: 'required for a client under 18' }]);
    expect(recordProblems({ ...doc, dateOfBirth: '2015-01-01', guardianName: 'Guardian Synthetic' }, TODAY)).toEqual([]);
    expect(displayName(doc)).toBe('Tess McTestface');
    expect(displayName({ ...doc, preferredName: undefined })).toBe('Testy McTestface');
    expect(NewClient.parse({ legalFirstName: 'A', legalLastName: 'B', dateOfBirth: '1990-01-01', contactPreferences: {} }).contactPreferences).toEqual(NO_CONTACT);
  });
});
