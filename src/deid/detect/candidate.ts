import type { PhiType, Span } from '../types.js';

/** A span before overlap resolution; higher priority wins an overlap, then the longer span. */
export interface Candidate extends Span {
  priority: number;
}

// A class, not an object literal: V8 moves the objects of a literal that survive a long call
// (a 5 MB document keeps its candidates alive throughout) into the old generation from then
// on ("pretenuring"), which made every later short text pay for old-generation collections.
// Objects built by a constructor are not tracked that way.
class CandidateSpan implements Candidate {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly type: PhiType,
    readonly text: string,
    readonly confidence: number,
    readonly priority: number,
  ) {}
}

export function candidate(
  text: string,
  start: number,
  end: number,
  type: PhiType,
  confidence: number,
  priority: number,
): Candidate {
  return new CandidateSpan(start, end, type, text.slice(start, end), confidence, priority);
}

// Priorities, in one place so the ordering between detectors is visible.
export const PRIORITY = {
  known: 100,
  structured: 80, // email, URL, IP: unambiguous shapes
  contextual: 70, // a value introduced by its keyword ("MRN: ...")
  date: 60,
  address: 55,
  phone: 50,
  facility: 45,
  name: 40,
  location: 35,
  weak: 10, // context-free codes and long numbers
} as const;
