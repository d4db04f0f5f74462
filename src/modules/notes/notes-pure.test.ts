import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedContentHash } from './content-hash.js';
import { NOTE_FORMATS, noteContentSchema, normaliseContent } from './formats.js';
import { diffNoteVersions } from './version-diff.js';

const signed = {
  noteId: '7d9f3c2a-0000-4000-8000-000000000001',
  format: 'soap' as const,
  content: { subjective: 'Synthetic client reports a calmer week.', objective: 'Alert, engaged.', assessment: 'Improving.', plan: 'Continue weekly.' },
  signedBy: '7d9f3c2a-0000-4000-8000-0000000000aa',
  signedAt: new Date('2026-01-02T03:04:05.000Z'),
};

describe('note formats', () => {
  it('define SOAP, DAP, BIRP and GIRP sections', () => {
    expect(Object.fromEntries(Object.entries(NOTE_FORMATS).map(([f, s]) => [f, s.map((x) => x.key)]))).toEqual({
      soap: ['subjective', 'objective', 'assessment', 'plan'],
      dap: ['data', 'assessment', 'plan'],
      birp: ['behavior', 'intervention', 'response', 'plan'],
      girp: ['goals', 'intervention', 'response', 'plan'],
    });
  });

  it('content must be exactly the sections of its format', () => {
    expect(noteContentSchema('dap').safeParse({ data: 'x', assessment: '', plan: '' }).success).toBe(true);
    expect(noteContentSchema('dap').safeParse({ data: 'x', subjective: 'wrong format' }).success).toBe(false);
    expect(noteContentSchema('soap').safeParse({ subjective: 'x'.repeat(50_001) }).success).toBe(false);
  });

  it('normalises line endings and fills missing sections, in the format order', () => {
    expect(normaliseContent('birp', { plan: 'a\r\nb', behavior: 'c' })).toEqual({ behavior: 'c', intervention: '', response: '', plan: 'a\nb' });
  });
});

describe('signed content hash', () => {
  it('is a fixed SHA-256 of the canonical serialisation (known answer)', () => {
    // Recomputable with: printf '%s' '["confidant-note-v1",...]' | sha256sum
    const canonical =
      '["confidant-note-v1","7d9f3c2a-0000-4000-8000-000000000001","soap",[["subjective","Synthetic client reports a calmer week."],["objective","Alert, engaged."],["assessment","Improving."],["plan","Continue weekly."]],"7d9f3c2a-0000-4000-8000-0000000000aa","2026-01-02T03:04:05.000Z"]';
    expect(signedContentHash(signed)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('changes when any section, the signer, the time or the note id changes; not with key order or CRLF', () => {
    const base = signedContentHash(signed);
    expect(signedContentHash({ ...signed, content: { ...signed.content, plan: 'Continue weekly!' } })).not.toBe(base);
    expect(signedContentHash({ ...signed, signedBy: signed.noteId })).not.toBe(base);
    expect(signedContentHash({ ...signed, signedAt: new Date('2026-01-02T03:04:06.000Z') })).not.toBe(base);
    expect(signedContentHash({ ...signed, noteId: signed.signedBy })).not.toBe(base);
    const reordered = { plan: 'Continue weekly.', assessment: 'Improving.', objective: 'Alert, engaged.', subjective: 'Synthetic client reports a calmer week.' };
    expect(signedContentHash({ ...signed, content: reordered })).toBe(base);
  });
});

describe('version diff', () => {
  it('marks only the changed sections, word by word', () => {
    const d = diffNoteVersions('soap', { subjective: 'Reports a hard week.', plan: 'Weekly.' }, { subjective: 'Reports a calmer week.', plan: 'Weekly.' });
    expect(d.map((s) => [s.section, s.changed])).toEqual([
      ['subjective', true],
      ['objective', false],
      ['assessment', false],
      ['plan', false],
    ]);
    expect(d[0]!.parts.filter((p) => p.op !== 'equal')).toEqual([
      { op: 'delete', text: 'hard' },
      { op: 'insert', text: 'calmer' },
    ]);
  });
});
