import type { InstrumentDefinition } from './instruments/definition.js';

/** One administration as the trend sees it: when, and what it scored. */
export interface TrendInput {
  id: string;
  administeredAt: Date;
  total: number;
  band: string | null;
}

export interface TrendChange {
  /** Total now minus total at the previous administration (higher is worse on PHQ-9, GAD-7, PCL-5). */
  delta: number;
  bandChanged: boolean;
  /**
   * The change reaches the instrument's published threshold for clinically significant individual
   * change (PHQ-9 5, GAD-7 4, PCL-5 10 points); null when the instrument publishes none.
   */
  reliableChange: boolean | null;
  /** 'improved' / 'worsened' only for a change that reaches the threshold; otherwise 'no_reliable_change'. */
  direction: 'improved' | 'worsened' | 'no_reliable_change' | null;
}

export interface TrendPoint {
  id: string;
  administeredAt: string;
  total: number;
  band: string | null;
  /** Change from the previous administration of the same instrument; null for the first. */
  change: TrendChange | null;
}

export interface Trend {
  instrumentId: string;
  maxTotal: number;
  bands: { min: number; max: number; label: string }[];
  reliableChange: { points: number; source: string } | null;
  points: TrendPoint[];
  /** First to last administration, judged by the same threshold; null with fewer than two points. */
  overall: TrendChange | null;
}

function changeBetween(def: InstrumentDefinition, previous: TrendInput, current: TrendInput): TrendChange {
  const delta = current.total - previous.total;
  const threshold = def.reliableChange?.points;
  const reliable = threshold === undefined ? null : Math.abs(delta) >= threshold;
  return {
    delta,
    bandChanged: previous.band !== current.band,
    reliableChange: reliable,
    direction: reliable === null ? null : !reliable ? 'no_reliable_change' : delta < 0 ? 'improved' : 'worsened',
  };
}

/**
 * The series a client's chart draws: administrations in time order (ties keep the order given), each
 * with its change from the one before. Pure, so the arithmetic is tested without a database.
 */
export function buildTrend(def: InstrumentDefinition, administrations: readonly TrendInput[]): Trend {
  const ordered = administrations.map((a, n) => ({ a, n })).sort((x, y) => x.a.administeredAt.getTime() - y.a.administeredAt.getTime() || x.n - y.n).map((x) => x.a);
  const points = ordered.map((a, i) => ({
    id: a.id,
    administeredAt: a.administeredAt.toISOString(),
    total: a.total,
    band: a.band,
    change: i === 0 ? null : changeBetween(def, ordered[i - 1]!, a),
  }));
  const maxTotal = Math.max(...def.options.map((o) => o.value)) * def.items.filter((i) => i.scored).length;
  return {
    instrumentId: def.id,
    maxTotal,
    bands: def.bands,
    reliableChange: def.reliableChange ?? null,
    points,
    overall: ordered.length < 2 ? null : changeBetween(def, ordered[0]!, ordered[ordered.length - 1]!),
  };
}
