import type { Candidate } from './detect/candidate.js';
import type { Span } from './types.js';

function better(a: Candidate, b: Candidate): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  return a.confidence > b.confidence;
}

/**
 * Resolves overlapping candidates. Candidates that overlap (directly or through a chain) form
 * one span covering all of them: a loser is never cut, so no fragment of an identifier stays in
 * clear ("Maria" known + "Maria Lopez" found -> one span). The type comes from the best
 * candidate: higher priority, then longer, then more confident. O(n log n).
 */
export function resolve(text: string, cands: Candidate[], minConfidence: number): Span[] {
  const list = cands.filter((c) => c.end > c.start && c.confidence >= minConfidence).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  let i = 0;
  while (i < list.length) {
    let winner = list[i] as Candidate;
    const start = winner.start;
    let end = winner.end;
    let j = i + 1;
    while (j < list.length && (list[j] as Candidate).start < end) {
      const c = list[j] as Candidate;
      if (c.end > end) end = c.end;
      if (better(c, winner)) winner = c;
      j++;
    }
    out.push({ start, end, type: winner.type, text: start === winner.start && end === winner.end ? winner.text : text.slice(start, end), confidence: winner.confidence });
    i = j;
  }
  return out;
}
