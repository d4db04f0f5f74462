import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planGaps, TreatmentPlanContentSchema } from '../treatment-plans/plan-content.js';
import { CONTENT_TYPES, parseContent } from './document-content.js';
import { canonicalJson, signedDocumentHash } from './document-hash.js';
import { diffSections } from './version-diff.js';

const signer = '7d9f3c2a-0000-4000-8000-0000000000aa';
const docId = '7d9f3c2a-0000-4000-8000-000000000002';
const at = new Date('2026-01-02T03:04:05.000Z');

describe('signed document hash (addenda, psychotherapy notes, treatment plans)', () => {
  it('is the SHA-256 of a fixed canonical serialisation (known answer), whatever the key order', () => {
    const canonical = '["confidant-addendum-v1","7d9f3c2a-0000-4000-8000-000000000002",{"a":1,"b":{"c":[2,{"d":3,"e":4}]}},"7d9f3c2a-0000-4000-8000-0000000000aa","2026-01-02T03:04:05.000Z"]';
    const expected = createHash('sha256').update(canonical).digest('hex');
    expect(signedDocumentHash({ domain: 'confidant-addendum-v1', documentId: docId, content: { b: { c: [2, { e: 4, d: 3 }] }, a: 1 }, signedBy: signer, signedAt: at })).toBe(expected);
    expect(canonicalJson({ z: 1, a: [{ y: 2, b: 3 }] })).toBe('{"a":[{"b":3,"y":2}],"z":1}');
  });

  it('differs by document type, content, signer and time', () => {
    const base = { documentId: docId, content: { text: 'Synthetic text.' }, signedBy: signer, signedAt: at };
    const hashes = new Set([
      CONTENT_TYPES.addendum.hash(base),
      CONTENT_TYPES.psychotherapy.hash(base),
      CONTENT_TYPES.addendum.hash({ ...base, content: { text: 'Synthetic text!' } }),
      CONTENT_TYPES.addendum.hash({ ...base, signedBy: docId }),
      CONTENT_TYPES.addendum.hash({ ...base, signedAt: new Date(at.getTime() + 1) }),
    ]);
    expect(hashes.size).toBe(5);
    // Line endings are normalised before hashing, as for progress notes.
    expect(CONTENT_TYPES.addendum.hash({ ...base, content: { text: 'a\r\nb' } })).toBe(CONTENT_TYPES.addendum.hash({ ...base, content: { text: 'a\nb' } }));
  });
});

describe('content types', () => {
  it('each format accepts its own shape only, with field paths under body/content', () => {
    expect(parseContent('soap', { subjective: 'x' })).toMatchObject({ ok: true, content: { subjective: 'x', objective: '', assessment: '', plan: '' } });
    expect(parseContent('psychotherapy', { text: 'x', extra: 'y' })).toMatchObject({ ok: false });
    const bad = parseContent('treatment_plan', { problems: [{ description: 'x', goals: [{ description: 'y', objectives: [{ description: 'z', targetDate: 'soon' }] }] }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field)).toEqual(['body/content/problems/0/goals/0/objectives/0/targetDate']);
  });

  it('a plan is complete to sign with a problem, goal, measurable objective with target date, intervention and review date', () => {
    const plan = TreatmentPlanContentSchema.parse({
      problems: [{ description: 'Sleep', goals: [{ description: 'Sleep 7 h', objectives: [{ description: 'Diary', measure: 'sleep diary, 5 of 7 nights', targetDate: '2027-01-01' }] }], interventions: [{ description: 'CBT-I' }] }],
      reviewDate: '2027-02-01',
    });
    expect(planGaps(plan)).toEqual([]);
    expect(planGaps({ ...plan, reviewDate: null }).map((g) => g.field)).toEqual(['content/reviewDate']);
    expect(planGaps(TreatmentPlanContentSchema.parse({})).map((g) => g.field)).toEqual(['content/problems', 'content/reviewDate']);
  });

  it('section diffs cover sections added and removed between versions', () => {
    const d = diffSections(
      [
        { key: 'problem-1', label: 'Problem 1', text: 'Sleep' },
        { key: 'problem-2', label: 'Problem 2', text: 'Worry' },
      ],
      [{ key: 'problem-1', label: 'Problem 1', text: 'Sleep' }],
    );
    expect(d.map((s) => [s.section, s.changed])).toEqual([
      ['problem-1', false],
      ['problem-2', true],
    ]);
    expect(d[1]!.parts).toEqual([{ op: 'delete', text: 'Worry' }]);
  });
});
