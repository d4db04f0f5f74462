import type { PhiType, Span } from '../types.js';

/** A span before overlap resolution; higher priority wins an overlap, then the longer span. */
export interface Candidate extends Span {
  priority: number;
}

export function candidate(
  text: string,
  start: number,
  end: number,
  type: PhiType,
  confidence: number,
  priority: number,
): Candidate {
  return { start, end, type, text: text.slice(start, end), confidence, priority };
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
