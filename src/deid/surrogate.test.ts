import { describe, expect, it } from 'vitest';
import { createRedactor, SurrogateGenerator } from './index.js';
import type { PhiType, Span } from './index.js';

const span = (type: PhiType, text: string): Span => ({ start: 0, end: text.length, type, text, confidence: 1 });

describe('surrogate mode', () => {
  it('gives the same person the same surrogate across a batch, part by part', () => {
    const r = createRedactor({ mode: 'surrogate', surrogate: { secret: 'batch-1' } });
    const a = r.redact('Client Maria Lopez reported poor sleep.');
    const b = r.redact("Later, Maria said Lopez's family visited. MARIA was tearful.");
    const full = a.text.match(/Client (\S+) (\S+) reported/);
    expect(full).not.toBeNull();
    const [, first, last] = full as RegExpMatchArray;
    expect(first).not.toBe('Maria');
    expect(last).not.toBe('Lopez');
    expect(b.text).toContain(`${first} said ${last}'s family`);
    expect(b.text).toContain(`${first!.toUpperCase()} was tearful`);
  });

  it('never returns the original value, whatever the category', () => {
    const g = new SurrogateGenerator({ secret: 'x' });
    const samples: Array<[PhiType, string]> = [
      ['NAME', 'Maria Lopez'], ['NAME', 'jessica'], ['ADDRESS', '1668 Glyn St, Apt 4B'], ['LOCATION', 'Kalamazoo'],
      ['LOCATION', 'Lakeview Clinic'], ['ZIP', '02118'], ['DATE', '04/22/2023'], ['DATE', 'March 3rd'], ['DATE', 'May'],
      ['DATE', 'Christmas'], ['DATE', 'last Monday'], ['AGE', '94'], ['PHONE', '(617) 555-0134'], ['FAX', '617-555-0199'],
      ['EMAIL', 'j.doe99@example.com'], ['SSN', '123-45-6789'], ['MRN', 'JM-1234567'], ['HEALTH_PLAN', 'XEH123456789'],
      ['ACCOUNT', '9876543210'], ['LICENSE', 'LPC-004512'], ['VEHICLE', '1HGCM82633A004352'], ['DEVICE', 'SN-88213-X'],
      ['URL', 'https://www.example.org/x'], ['IP', '192.168.1.23'], ['BIOMETRIC', 'FP-2231-88'], ['ID', 'RB-123456'],
    ];
    for (const [type, text] of samples) {
      const out = g.replace(span(type, text));
      expect(out, `${type} ${text}`).not.toBe(text);
      expect(out.length).toBeGreaterThan(0);
    }
  });

  it('keeps formats: digits stay digits, separators stay', () => {
    const g = new SurrogateGenerator({ secret: 'fmt' });
    expect(g.replace(span('PHONE', '(617) 555-0134'))).toMatch(/^\(\d{3}\) \d{3}-\d{4}$/);
    expect(g.replace(span('SSN', '123-45-6789'))).toMatch(/^[1-7]\d{2}-\d{2}-\d{4}$/);
    expect(g.replace(span('MRN', 'JM-1234567'))).toMatch(/^[A-Z]{2}-\d{7}$/);
    expect(g.replace(span('DATE', '04/22/2023'))).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(g.replace(span('EMAIL', 'j.doe99@example.com'))).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
  });

  it('shifts every date of a subject by the same offset, so intervals survive', () => {
    const g = new SurrogateGenerator({ secret: 's', dateShiftDays: 40 });
    expect(g.dateShiftDays).toBe(40);
    expect(g.replace(span('DATE', '2023-01-01'))).toBe('2023-02-10');
    expect(g.replace(span('DATE', '01/15/2023'))).toBe('02/24/2023');
    expect(g.replace(span('DATE', 'March 3rd'))).toBe('April 12th');
    expect(g.replace(span('DATE', 'Nov 6, 2023'))).toBe('Dec 16, 2023');

    const r = createRedactor({ mode: 'surrogate', surrogate: { secret: 'interval' } });
    const out = r.redact('Admitted 2023-03-01, discharged 2023-03-15.').text;
    const dates = [...out.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => Date.parse(m[0]));
    expect(dates).toHaveLength(2);
    expect((dates[1]! - dates[0]!) / 86_400_000).toBe(14);
  });

  it('different secrets give different surrogates; the same secret gives the same ones', () => {
    const a = new SurrogateGenerator({ secret: 'one' }).replace(span('NAME', 'Maria Lopez'));
    const b = new SurrogateGenerator({ secret: 'two' }).replace(span('NAME', 'Maria Lopez'));
    const c = new SurrogateGenerator({ secret: 'one' }).replace(span('NAME', 'Maria Lopez'));
    expect(a).toBe(c);
    expect(a).not.toBe(b);
  });

  it('applies the HHS ZIP3 rule when asked: restricted prefixes become 000', () => {
    const g = new SurrogateGenerator({ secret: 'z', keepZip3: true });
    expect(g.replace(span('ZIP', '03601'))).toMatch(/^000\d{2}$/);
    expect(g.replace(span('ZIP', '89301'))).toMatch(/^000\d{2}$/);
    expect(g.replace(span('ZIP', '02118'))).toMatch(/^021\d{2}$/);
    expect(g.replace(span('ZIP', '02118'))).not.toBe('02118');
  });
});
