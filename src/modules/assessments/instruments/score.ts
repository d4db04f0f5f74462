import type { InstrumentDefinition } from './definition.js';

export type Answers = Record<string, number>;

export interface InstrumentAlert {
  kind: 'crisis';
  item: string;
  answer: number;
  reason: string;
}

export interface ScoreResult {
  instrumentId: string;
  instrumentVersion: string;
  total: number;
  maxTotal: number;
  band: string | null;
  clusters: Record<string, { score: number; endorsed: number }>;
  /** The symptom-cluster rule, where the instrument has one (e.g. PCL-5 provisional PTSD diagnosis). */
  clusterRule: { label: string; met: boolean } | null;
  cutPoint: { label: string; atLeast: number; met: boolean } | null;
  alerts: InstrumentAlert[];
}

export class AnswerError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'AnswerError';
  }
}

/** Checks that every item is answered with one of the instrument's option values, and nothing else. */
export function validateAnswers(def: InstrumentDefinition, answers: Answers): void {
  const problems: string[] = [];
  for (const item of def.items) {
    const allowed = new Set((item.options ?? def.options).map((o) => o.value));
    const v = answers[item.id];
    if (v === undefined) {
      if (item.required) problems.push(`${item.id}: not answered`);
    }
    else if (!Number.isInteger(v) || !allowed.has(v)) problems.push(`${item.id}: ${String(v)} is not one of ${[...allowed].join(', ')}`);
  }
  const known = new Set(def.items.map((i) => i.id));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push(`${key}: not an item of ${def.id}`);
  if (problems.length > 0) throw new AnswerError(problems);
}

/** Scores a complete set of answers by the instrument's published rules. */
export function scoreInstrument(def: InstrumentDefinition, answers: Answers): ScoreResult {
  validateAnswers(def, answers);
  const scored = def.items.filter((i) => i.scored);
  const total = scored.reduce((sum, i) => sum + answers[i.id]!, 0);
  const maxTotal = Math.max(...def.options.map((o) => o.value)) * scored.length;
  const band = def.bands.find((b) => total >= b.min && total <= b.max)?.label ?? null;

  const clusters: ScoreResult['clusters'] = {};
  for (const item of scored) {
    if (!item.cluster) continue;
    const c = (clusters[item.cluster] ??= { score: 0, endorsed: 0 });
    c.score += answers[item.id]!;
    if (def.clusterRule && answers[item.id]! >= def.clusterRule.endorsedAt) c.endorsed += 1;
  }
  const clusterRule = def.clusterRule
    ? {
        label: def.clusterRule.label,
        met: Object.entries(def.clusterRule.minimumPerCluster).every(([c, min]) => (clusters[c]?.endorsed ?? 0) >= min),
      }
    : null;
  const cutPoint = def.cutPoint ? { ...def.cutPoint, met: total >= def.cutPoint.atLeast } : null;
  const alerts = def.alerts
    .filter((a) => (answers[a.item] ?? 0) > a.above)
    .map((a) => ({ kind: a.kind, item: a.item, answer: answers[a.item]!, reason: a.reason }));
  return { instrumentId: def.id, instrumentVersion: def.version, total, maxTotal, band, clusters, clusterRule, cutPoint, alerts };
}

/** The change between two administrations, as shown on a client's trend. */
export function scoreChange(previous: ScoreResult | null, current: ScoreResult): { delta: number; bandChanged: boolean } | null {
  if (!previous || previous.instrumentId !== current.instrumentId) return null;
  return { delta: current.total - previous.total, bandChanged: previous.band !== current.band };
}
