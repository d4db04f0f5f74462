import type { Candidate } from './detect/candidate.js';
import type { Span } from './types.js';

/**
 * Resolves overlapping candidates. The higher priority wins the type, then the longer span,
 * then the more confident one. A loser is never cut: the winner grows to cover it, so no
 * fragment of an identifier stays in clear ("Maria" known + "Maria Lopez" found -> one span).
 */
export function resolve(text: string, cands: Candidate[], minConfidence: number): Span[] {
  const sorted = cands
    .filter((c) => c.end > c.start && c.confidence >= minConfidence)
    .sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || b.confidence - a.confidence || a.start - b.start);
  // Accepted spans, sorted by start and disjoint.
  const accepted: Candidate[] = [];
  for (const c of sorted) {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((accepted[mid] as Candidate).end <= c.start) lo = mid + 1;
      else hi = mid;
    }
    // accepted[lo..] are the first spans that end after c.start; collect those that overlap.
    let last = lo;
    while (last < accepted.length && (accepted[last] as Candidate).start < c.end) last++;
    if (last === lo) {
      accepted.splice(lo, 0, c);
      continue;
    }
    const group = accepted.slice(lo, last);
    const winner = group.reduce((w, g) => (g.priority > w.priority ? g : w));
    const start = Math.min(c.start, (group[0] as Candidate).start);
    const end = Math.max(c.end, (group[group.length - 1] as Candidate).end);
    const merged: Candidate = { ...winner, start, end, text: text.slice(start, end) };
    accepted.splice(lo, last - lo, merged);
  }
  return accepted.map(({ start, end, type, text: t, confidence }) => ({ start, end, type, text: t, confidence }));
}
