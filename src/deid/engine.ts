import type { Candidate } from './detect/candidate.js';
import { detectAges, detectDates } from './detect/dates.js';
import { detectAddresses, detectPlaces } from './detect/geo.js';
import { compileKnown, type KnownMatcher } from './detect/known.js';
import { detectIntroducedNames, detectInlineSpeakers, propagateLists } from './detect/name-cues.js';
import { detectNames, propagateNames } from './detect/names.js';
import { detectNamePlaces, detectNameShapes } from './detect/name-shapes.js';
import { detectStructured } from './detect/structured.js';
import { tokenize } from './detect/tokens.js';
import { detectUnlisted } from './detect/unlisted.js';
import { detectCuedTowns } from './detect/towns.js';
import { dictionaries } from './dictionaries/index.js';
import { resolve } from './merge.js';
import type { DetectOptions, Span } from './types.js';

export interface Detector {
  /** Spans sorted by start, disjoint, offsets into `text`. */
  detect(text: string): Span[];
}

/** Builds a detector; the known identifiers are compiled once and reused for every text. */
export function createDetector(options: DetectOptions = {}): Detector {
  dictionaries(); // load word lists now rather than on the first text
  const known: KnownMatcher | undefined = options.known && options.known.length > 0 ? compileKnown(options.known) : undefined;
  const minConfidence = options.minConfidence ?? 0;
  const wide = options.sensitivity === 'high';
  return {
    detect(text: string): Span[] {
      if (text.length === 0) return [];
      const cands: Candidate[] = [];
      known?.detect(text, cands);
      detectStructured(text, cands);
      detectDates(text, cands);
      detectAges(text, cands);
      detectAddresses(text, cands);
      const tokens = tokenize(text);
      detectNames(text, tokens, cands);
      detectNameShapes(text, tokens, cands);
      detectNamePlaces(text, tokens, cands);
      detectIntroducedNames(text, tokens, cands);
      detectInlineSpeakers(text, tokens, cands);
      detectPlaces(text, tokens, cands);
      detectCuedTowns(text, tokens, cands);
      const first = resolve(text, cands, minConfidence);
      const before = cands.length;
      propagateNames(text, tokens, first, cands);
      propagateLists(text, tokens, first, cands);
      if (wide) detectUnlisted(text, tokens, cands);
      return cands.length === before ? first : resolve(text, cands, minConfidence);
    },
  };
}
