import { describe, expect, it } from 'vitest';
import { createRedactor, detect } from './index.js';
import type { KnownIdentifier } from './index.js';

const KNOWN: KnownIdentifier[] = [
  { type: 'NAME', value: 'Hope Zyxwick' }, // a given name that is also a word, and an unknown surname
  { type: 'NAME', value: 'Dr. Quillon Abernathy' },
  { type: 'ADDRESS', value: '77 Orchard Lane, Bend, OR 97701' },
  { type: 'PHONE', value: '541-555-0147' },
  { type: 'MRN', value: 'CF-00912' },
];

describe('known identifiers', () => {
  const redactor = createRedactor({ mode: 'mask', known: KNOWN });

  it.each([
    ['Hope Zyxwick arrived early.', 'Hope Zyxwick'],
    ['hope felt calmer this week, said the client.', 'hope'],
    ["We reviewed Zyxwick's safety plan.", 'Zyxwick'],
    ['HOPE: I slept better.', 'HOPE'],
    ['Supervision with Abernathy on risk.', 'Abernathy'],
    ['Quillon will cover next week.', 'Quillon'],
    ['She still lives at 77 Orchard Lane.', '77 Orchard Lane'],
    ['Text her at (541) 555 0147.', '(541) 555 0147'],
    ['Chart cf00912 updated.', 'cf00912'],
  ])('%s', (text, value) => {
    const spans = redactor.detect(text);
    const at = text.indexOf(value);
    expect(spans.some((s) => s.start <= at && s.end >= at + value.length), JSON.stringify(spans)).toBe(true);
    expect(redactor.redact(text).text).not.toContain(value);
  });

  it('only the caller-known names are forced: the same words stay without the list', () => {
    expect(detect('hope felt calmer this week.')).toEqual([]);
    expect(redactor.detect('hope felt calmer this week.')).toHaveLength(1);
  });
});
