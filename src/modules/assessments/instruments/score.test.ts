import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_INSTRUMENTS, findBuiltInInstrument, parseInstrumentDefinition } from './catalogue.js';
import type { InstrumentDefinition } from './definition.js';
import type { Answers } from './score.js';
import { AnswerError, scoreChange, scoreInstrument } from './score.js';

const phq9 = findBuiltInInstrument('phq-9')!;
const gad7 = findBuiltInInstrument('gad-7')!;
const pcl5 = findBuiltInInstrument('pcl-5')!;

/** Answers whose scored items add up to `total`, filled from the first item on; `fixed` pins some items. */
function answersWithTotal(def: InstrumentDefinition, total: number, fixed: Answers = {}): Answers {
  const max = Math.max(...def.options.map((o) => o.value));
  const answers: Answers = {};
  let left = total - Object.values(fixed).reduce((a, b) => a + b, 0);
  for (const item of def.items.filter((i) => i.scored)) {
    if (item.id in fixed) {
      answers[item.id] = fixed[item.id]!;
      continue;
    }
    const v = Math.min(max, Math.max(0, left));
    answers[item.id] = v;
    left -= v;
  }
  if (left !== 0) throw new Error(`cannot reach ${total}`);
  return answers;
}

describe('PHQ-9 (Kroenke 2001): bands at 5, 10, 15 and 20', () => {
  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'moderately severe'],
    [19, 'moderately severe'],
    [20, 'severe'],
    [27, 'severe'],
  ])('total %i is %s', (total, band) => {
    const result = scoreInstrument(phq9, answersWithTotal(phq9, total, { q9: total > 24 ? 3 : 0 }));
    expect(result.total).toBe(total);
    expect(result.maxTotal).toBe(27);
    expect(result.band).toBe(band);
  });

  it('the difficulty question is recorded but never added to the total, and may be left out', () => {
    const a = answersWithTotal(phq9, 6, { q9: 0 });
    expect(scoreInstrument(phq9, { ...a, difficulty: 3 }).total).toBe(6);
    expect(scoreInstrument(phq9, a).total).toBe(6);
  });

  it.each([1, 2, 3])('item 9 answered %i raises a crisis alert even with a minimal total', (v) => {
    const result = scoreInstrument(phq9, answersWithTotal(phq9, v, { q9: v }));
    expect(result.band).toBe('minimal');
    expect(result.alerts).toEqual([expect.objectContaining({ kind: 'crisis', item: 'q9', answer: v })]);
  });

  it('item 9 at zero raises no alert even with a severe total', () => {
    expect(scoreInstrument(phq9, answersWithTotal(phq9, 24, { q9: 0 })).alerts).toEqual([]);
  });
});

describe('GAD-7 (Spitzer 2006): bands at 5, 10 and 15', () => {
  it('uses "Not at all" as the zero option', () => {
    expect(gad7.options.find((o) => o.value === 0)?.label).toBe('Not at all');
  });

  it.each([
    [0, 'minimal'],
    [4, 'minimal'],
    [5, 'mild'],
    [9, 'mild'],
    [10, 'moderate'],
    [14, 'moderate'],
    [15, 'severe'],
    [21, 'severe'],
  ])('total %i is %s', (total, band) => {
    const result = scoreInstrument(gad7, answersWithTotal(gad7, total));
    expect(result.band).toBe(band);
    expect(result.maxTotal).toBe(21);
  });
});

describe('PCL-5 (National Center for PTSD)', () => {
  const none = (): Answers => Object.fromEntries(pcl5.items.map((i) => [i.id, 0]));
  const endorse = (ids: string[], value = 2): Answers => ({ ...none(), ...Object.fromEntries(ids.map((id) => [id, value])) });
  const minimal = ['q1', 'q6', 'q8', 'q9', 'q15', 'q16'];

  it('has 20 items in clusters B (1-5), C (6-7), D (8-14), E (15-20), rated 0-4', () => {
    expect(pcl5.items).toHaveLength(20);
    const byCluster = (c: string) => pcl5.items.filter((i) => i.cluster === c).map((i) => i.id);
    expect(byCluster('B')).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    expect(byCluster('C')).toEqual(['q6', 'q7']);
    expect(byCluster('D')).toEqual(['q8', 'q9', 'q10', 'q11', 'q12', 'q13', 'q14']);
    expect(byCluster('E')).toEqual(['q15', 'q16', 'q17', 'q18', 'q19', 'q20']);
    expect(scoreInstrument(pcl5, Object.fromEntries(pcl5.items.map((i) => [i.id, 4]))).total).toBe(80);
  });

  it('meets the provisional diagnosis with 1 B, 1 C, 2 D and 2 E items rated 2 or more', () => {
    const r = scoreInstrument(pcl5, endorse(minimal));
    expect(r.clusterRule).toEqual({ label: expect.stringContaining('provisional PTSD'), met: true });
    expect(r.clusters).toMatchObject({ B: { endorsed: 1 }, C: { endorsed: 1 }, D: { endorsed: 2 }, E: { endorsed: 2 } });
  });

  it.each([
    ['no B item', minimal.filter((i) => i !== 'q1')],
    ['no C item', minimal.filter((i) => i !== 'q6')],
    ['one D item only', minimal.filter((i) => i !== 'q9')],
    ['one E item only', minimal.filter((i) => i !== 'q16')],
  ])('is not met with %s', (_label, ids) => {
    expect(scoreInstrument(pcl5, endorse(ids)).clusterRule?.met).toBe(false);
  });

  it('does not count items rated 1 ("A little bit") as endorsed, however many', () => {
    const r = scoreInstrument(pcl5, Object.fromEntries(pcl5.items.map((i) => [i.id, 1])));
    expect(r.total).toBe(20);
    expect(r.clusterRule?.met).toBe(false);
  });

  it('an item rated 1 in a cluster does not count towards it: a C item at 1 instead of 2 fails the rule', () => {
    expect(scoreInstrument(pcl5, { ...endorse(minimal), q6: 1 }).clusterRule?.met).toBe(false);
    expect(scoreInstrument(pcl5, { ...endorse(minimal), q6: 4 }).clusterRule?.met).toBe(true);
  });

  it('the cluster rule and the cut-point are judged independently', () => {
    // Rule met at a total of 12, well under the cut-point.
    const low = scoreInstrument(pcl5, endorse(minimal));
    expect([low.total, low.clusterRule?.met, low.cutPoint?.met]).toEqual([12, true, false]);
    // Cut-point met with no C item endorsed: a high total alone is not the provisional diagnosis.
    const high = scoreInstrument(pcl5, { ...Object.fromEntries(pcl5.items.map((i) => [i.id, 3])), q6: 0, q7: 1 });
    expect([high.total, high.clusterRule?.met, high.cutPoint?.met]).toEqual([55, false, true]);
  });

  it('the cut-point at the ends of the scale: 0 is not flagged, 80 is', () => {
    expect(scoreInstrument(pcl5, none()).cutPoint?.met).toBe(false);
    expect(scoreInstrument(pcl5, Object.fromEntries(pcl5.items.map((i) => [i.id, 4]))).cutPoint?.met).toBe(true);
  });

  it('flags totals of 33 or more and not 32', () => {
    const fill = (total: number) => answersWithTotal(pcl5, total);
    expect(scoreInstrument(pcl5, fill(32)).cutPoint?.met).toBe(false);
    expect(scoreInstrument(pcl5, fill(33)).cutPoint?.met).toBe(true);
    expect(scoreInstrument(pcl5, fill(33)).band).toBeNull();
  });
});

describe('answers and definitions', () => {
  it('names every missing, out-of-range and unknown answer', () => {
    const a = answersWithTotal(gad7, 3);
    delete a.q2;
    try {
      scoreInstrument(gad7, { ...a, q3: 7, q4: 1.5, extra: 1 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AnswerError);
      expect((err as AnswerError).problems).toEqual(['q2: not answered', 'q3: 7 is not one of 0, 1, 2, 3', 'q4: 1.5 is not one of 0, 1, 2, 3', 'extra: not an item of gad-7']);
    }
  });

  it('the total is always the sum of scored items and always falls in exactly one band', () => {
    for (const def of [phq9, gad7]) {
      const scored = def.items.filter((i) => i.scored);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: scored.length, maxLength: scored.length }), (values) => {
          const answers = Object.fromEntries(scored.map((i, n) => [i.id, values[n]!]));
          const r = scoreInstrument(def, answers);
          expect(r.total).toBe(values.reduce((x, y) => x + y, 0));
          expect(def.bands.filter((b) => r.total >= b.min && r.total <= b.max)).toHaveLength(1);
        }),
      );
    }
  });

  it('a practice-added definition with gaps in its bands or alerts on unknown items is refused', () => {
    const base = { ...gad7, id: 'licensed-x' };
    expect(() => parseInstrumentDefinition({ ...base, bands: [{ min: 0, max: 4, label: 'a' }, { min: 6, max: 21, label: 'b' }] })).toThrow(/contiguous/);
    expect(() => parseInstrumentDefinition({ ...base, bands: [{ min: 0, max: 10, label: 'a' }] })).toThrow(/maximum total 21/);
    expect(() => parseInstrumentDefinition({ ...base, alerts: [{ item: 'q99', above: 0, kind: 'crisis', reason: 'x' }] })).toThrow(/unknown item q99/);
    expect(parseInstrumentDefinition(base).id).toBe('licensed-x');
  });

  it('ships PHQ-9, GAD-7 and PCL-5 and not the licensed C-SSRS', () => {
    expect(BUILT_IN_INSTRUMENTS.map((d) => d.id)).toEqual(['phq-9', 'gad-7', 'pcl-5']);
    expect(BUILT_IN_INSTRUMENTS.some((d) => /c-ssrs|columbia/i.test(d.id + d.name))).toBe(false);
  });

  it('reports the change between administrations', () => {
    const before = scoreInstrument(phq9, answersWithTotal(phq9, 16, { q9: 0 }));
    const after = scoreInstrument(phq9, answersWithTotal(phq9, 8, { q9: 0 }));
    expect(scoreChange(before, after)).toEqual({ delta: -8, bandChanged: true });
    expect(scoreChange(null, after)).toBeNull();
    expect(scoreChange(scoreInstrument(gad7, answersWithTotal(gad7, 3)), after)).toBeNull();
  });

  it('every possible total of PHQ-9 and GAD-7 falls in the band the publications give', () => {
    const phqBand = (t: number) => (t >= 20 ? 'severe' : t >= 15 ? 'moderately severe' : t >= 10 ? 'moderate' : t >= 5 ? 'mild' : 'minimal');
    const gadBand = (t: number) => (t >= 15 ? 'severe' : t >= 10 ? 'moderate' : t >= 5 ? 'mild' : 'minimal');
    for (let t = 0; t <= 27; t++) expect(scoreInstrument(phq9, answersWithTotal(phq9, t, { q9: t > 24 ? 3 : 0 })).band, `PHQ-9 ${t}`).toBe(phqBand(t));
    for (let t = 0; t <= 21; t++) expect(scoreInstrument(gad7, answersWithTotal(gad7, t)).band, `GAD-7 ${t}`).toBe(gadBand(t));
  });

  it('carries the published change thresholds: PHQ-9 5, GAD-7 4, PCL-5 10 points, each with its source', () => {
    expect(phq9.reliableChange).toEqual({ points: 5, source: expect.stringMatching(/Löwe.*2004/) });
    expect(gad7.reliableChange).toEqual({ points: 4, source: expect.stringMatching(/Toussaint.*2020/) });
    expect(pcl5.reliableChange).toEqual({ points: 10, source: expect.stringMatching(/National Center for PTSD/) });
  });
});
