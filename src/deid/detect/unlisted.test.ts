import { describe, expect, it } from 'vitest';
import { detect } from '../index.js';

const high = { sensitivity: 'high' } as const;

function masked(text: string, options = {}): string[] {
  return detect(text, options).map((s) => s.text);
}

// Synthetic names that no list holds, in places where nothing around them says "person".
describe("sensitivity 'high'", () => {
  it.each([
    ['Zorbinka is very reliable. You can always count on her.', 'Zorbinka'],
    ['Why is Quuxelda so impulsive?', 'Quuxelda'],
    ['from the waist down, but Zorbafumi just has to rest', 'Zorbafumi'],
    ['Unlike the Testerdink novel, it is not about loss.', 'Testerdink'],
    ['the true gender of zorbikke has been under debate; ask bártová', 'bártová'],
    ['leone quuxazzi  nurse  personal info', 'quuxazzi'],
    ['Letters for ZORBALLQUUX arrive late.', 'ZORBALLQUUX'],
  ])('finds the name in %s', (text, name) => {
    expect(masked(text)).not.toContain(name);
    expect(masked(text, high)).toContain(name);
  });

  it.each([
    'Positive Chaddock reflex; Framingham Risk Score 12; history of Wilson\'s disease and Lou Gehrig\'s disease.',
    'Elevated D-dimer; Mini-Mental State Exam 24; started Dapagliflozin and Empagliflozin.',
    'I\'ve told her I\'m fine and she doesn\'t believe it.',
    'Efficacy of sertraline; Prognostic factors in COPD, GERD and NYHA class III.',
    'Goal: walk daily. Plan: return in two weeks. Assessment: improving.',
  ])('leaves clinical vocabulary, contractions and acronyms in %s', (text) => {
    expect(detect(text, high)).toEqual([]);
  });

  it('adds to the standard spans and never removes one', () => {
    const text = 'Maria Lopez called from 617-555-0134; Zorbinka is very reliable.';
    const standard = detect(text);
    const wide = detect(text, high);
    for (const s of standard) expect(wide.some((w) => w.start <= s.start && w.end >= s.end)).toBe(true);
    expect(wide.length).toBeGreaterThan(standard.length);
  });
});
