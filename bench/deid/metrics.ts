import type { GoldSpan } from './corpora.js';

/** Word tokens used for scoring: runs of letters or digits. */
const TOKEN = /[\p{L}\p{N}]+/gu;
// Honorifics stay in clear by design ("Dr. [NAME]"); they count neither way.
const NEUTRAL = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'prof', 'mx']);

export interface Tally {
  goldTokens: number;
  goldHit: number; // gold tokens of this type covered by any prediction
  goldHitTyped: number; // ... covered by a prediction of the same type
  predTokens: number; // predicted tokens of this type (outside IGNORE)
  predCorrect: number; // ... that fall inside any gold span
}

export type Scores = Map<string, Tally>;

function tally(scores: Scores, key: string): Tally {
  let t = scores.get(key);
  if (!t) {
    t = { goldTokens: 0, goldHit: 0, goldHitTyped: 0, predTokens: 0, predCorrect: 0 };
    scores.set(key, t);
  }
  return t;
}

function labelAt(spans: ReadonlyArray<{ start: number; end: number; type: string }>, s: number, e: number): string | undefined {
  for (const sp of spans) if (sp.start < e && sp.end > s) return sp.type;
  return undefined;
}

/**
 * Token-level scoring. A gold token counts as found if any predicted span touches it, whatever
 * its type (what matters for privacy is that it is hidden); typed recall is kept as well.
 * A predicted token is correct if it lies in any gold PHI span; tokens in IGNORE spans
 * (non-Safe-Harbor labels such as organisations or countries) count neither way.
 */
export function score(scores: Scores, text: string, gold: readonly GoldSpan[], pred: ReadonlyArray<{ start: number; end: number; type: string }>): void {
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text)) !== null) {
    const s = m.index;
    const e = s + m[0].length;
    if (NEUTRAL.has(m[0].toLowerCase())) continue;
    const g = labelAt(gold, s, e);
    const p = labelAt(pred, s, e);
    if (g === 'IGNORE') continue;
    if (g !== undefined) {
      for (const key of [g, 'ALL']) {
        const t = tally(scores, key);
        t.goldTokens++;
        if (p !== undefined) t.goldHit++;
        if (p === g) t.goldHitTyped++;
      }
    }
    if (p !== undefined) {
      for (const key of [p, 'ALL']) {
        const t = tally(scores, key);
        t.predTokens++;
        if (g !== undefined) t.predCorrect++;
      }
    }
  }
}

export function fmt(n: number, d: number): string {
  return d === 0 ? '  -  ' : (n / d).toFixed(3);
}
