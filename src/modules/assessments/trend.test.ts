import { describe, expect, it } from 'vitest';
import { findBuiltInInstrument, parseInstrumentDefinition } from './instruments/catalogue.js';
import { buildTrend } from './trend.js';

const phq9 = findBuiltInInstrument('phq-9')!;
const gad7 = findBuiltInInstrument('gad-7')!;
const pcl5 = findBuiltInInstrument('pcl-5')!;
const day = (n: number): Date => new Date(Date.UTC(2026, 0, 1 + n * 14, 15));
const series = (totals: number[], bands: (string | null)[] = totals.map(() => null)) =>
  totals.map((total, n) => ({ id: `a${n}`, administeredAt: day(n), total, band: bands[n] ?? null }));

describe('trend of one instrument', () => {
  it('PHQ-9: change from the previous administration, flagged at 5 points either way (Löwe 2004)', () => {
    const t = buildTrend(phq9, series([18, 16, 10, 11, 4, 9], ['moderately severe', 'moderately severe', 'moderate', 'moderate', 'minimal', 'mild']));
    expect(t.reliableChange).toEqual({ points: 5, source: expect.stringContaining('Med Care 2004') });
    expect(t.points.map((p) => p.total)).toEqual([18, 16, 10, 11, 4, 9]);
    expect(t.points.map((p) => p.change)).toEqual([
      null,
      { delta: -2, bandChanged: false, reliableChange: false, direction: 'no_reliable_change' },
      { delta: -6, bandChanged: true, reliableChange: true, direction: 'improved' },
      { delta: 1, bandChanged: false, reliableChange: false, direction: 'no_reliable_change' },
      { delta: -7, bandChanged: true, reliableChange: true, direction: 'improved' },
      { delta: 5, bandChanged: true, reliableChange: true, direction: 'worsened' },
    ]);
    expect(t.overall).toEqual({ delta: -9, bandChanged: true, reliableChange: true, direction: 'improved' });
    expect(t.maxTotal).toBe(27);
    expect(t.points[0]!.administeredAt).toBe('2026-01-01T15:00:00.000Z');
  });

  it('PHQ-9: a change of 4 is not flagged', () => {
    expect(buildTrend(phq9, series([12, 8])).points[1]!.change?.reliableChange).toBe(false);
  });

  it('GAD-7: flagged at 4 points (Toussaint 2020), not at 3', () => {
    const t = buildTrend(gad7, series([15, 11, 8]));
    expect(t.points.map((p) => p.change?.reliableChange ?? null)).toEqual([null, true, false]);
    expect(t.overall?.direction).toBe('improved');
  });

  it('PCL-5: flagged at 10 points (National Center for PTSD), not at 9', () => {
    const t = buildTrend(pcl5, series([40, 49, 59]));
    expect(t.points.map((p) => p.change?.delta ?? null)).toEqual([null, 9, 10]);
    expect(t.points.map((p) => p.change?.reliableChange ?? null)).toEqual([null, false, true]);
    expect(t.points[2]!.change?.direction).toBe('worsened');
    expect(t.bands).toEqual([]);
  });

  it('orders by administration time whatever order it is given in; one point has no change', () => {
    const [a, b, c] = series([10, 20, 5]);
    const t = buildTrend(phq9, [c!, a!, b!]);
    expect(t.points.map((p) => p.id)).toEqual(['a0', 'a1', 'a2']);
    expect(buildTrend(phq9, [a!]).overall).toBeNull();
    expect(buildTrend(phq9, []).points).toEqual([]);
  });

  it('an instrument without a published change threshold reports the delta and no flag', () => {
    const def = parseInstrumentDefinition({ ...gad7, id: 'licensed-x', reliableChange: undefined });
    expect(buildTrend(def, series([10, 2])).points[1]!.change).toEqual({ delta: -8, bandChanged: false, reliableChange: null, direction: null });
  });
});
