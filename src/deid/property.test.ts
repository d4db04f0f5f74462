import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, detect, PseudonymVault } from './index.js';

// Text built from pieces that look like clinical prose and identifiers, so the properties are
// exercised on inputs that actually produce spans, not only on random noise.
const PIECES = ['Maria', 'Lopez', 'hope', 'Dr.', 'Okafor', 'said', 'on', 'March', '3rd', '04/22/2023', '617-555-0134', 'MRN:', 'JM-1234567',
  'lives', 'in', 'Dayton,', 'OH', '45402', 'PHQ-9', 'of', '14', 'sertraline', '50', 'mg', 'j.doe@example.com', '92', 'years', 'old', '\n', 'CLIENT:', 'é', '’s', '.', ','];
const prose = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 40 }).map((a) => a.join(' '));

describe('properties', () => {
  it('spans are sorted, disjoint, inside the text and carry its exact slice', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const spans = detect(text);
        let prevEnd = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(prevEnd);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(s.start, s.end)).toBe(s.text);
          prevEnd = s.end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('pseudonymize always round-trips', () => {
    fc.assert(
      fc.property(prose, (text) => {
        fc.pre(!/\[[A-Z_]+_\d+\]/.test(text));
        const vault = new PseudonymVault();
        const red = createRedactor({ mode: 'pseudonymize', vault }).redact(text);
        expect(vault.restore(red.text)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('surrogates never leave a detected value in place', () => {
    fc.assert(
      fc.property(prose, (text) => {
        const r = createRedactor({ mode: 'surrogate', surrogate: { secret: 'p' } });
        for (const s of r.detect(text)) {
          const rep = r.apply(s.text, [{ ...s, start: 0, end: s.text.length }]);
          expect(rep).not.toBe(s.text);
        }
      }),
      { numRuns: 200 },
    );
  });
});
