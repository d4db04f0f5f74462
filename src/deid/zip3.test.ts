import { describe, expect, it } from 'vitest';
import { redact, RESTRICTED_ZIP3, safeZip3 } from './index.js';

describe('HHS ZIP3 rule', () => {
  it('lists exactly the 17 restricted prefixes', () => {
    expect([...RESTRICTED_ZIP3].sort()).toEqual(['036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893']);
  });

  it('turns restricted prefixes into 000 and keeps the others', () => {
    expect(safeZip3('03601')).toBe('000');
    expect(safeZip3('89301-1234')).toBe('000');
    expect(safeZip3('02118')).toBe('021');
    expect(safeZip3('12')).toBe('000');
  });

  it('mask mode writes [ZIP] by default and the safe prefix when asked', () => {
    const text = 'Moved to 12 Elm Rd, Dayton, OH 45402 and later Lebanon, NH 03601.';
    expect(redact(text).text).not.toMatch(/45402|03601/);
    const kept = redact(text, { keepZip3: true }).text;
    expect(kept).toContain('454XX');
    expect(kept).toContain('000XX');
  });
});
