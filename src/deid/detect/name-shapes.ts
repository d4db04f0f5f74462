import { dictionaries } from '../dictionaries/index.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { foreignNameShape, neverName } from './name-cues.js';
import type { Token } from './tokens.js';

// Particles of family names ("Dyan van Gijn", "Maika van de Noort", "Ludwig von Trapp").
const PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'ten', 'ter', 'da', 'di', 'du', 'del', 'della', 'dos', 'das', 'af', 'zu', 'bin', 'ibn', 'le', 'la']);
// Lower-case letters that are words of their own, so "x a y" is rarely a middle initial.
const LETTER_WORDS = new Set(['a', 'i', 'o', 'x']);

function knownName(t: Token): boolean {
  const d = dictionaries();
  return d.firstNames.has(t.lower) || d.surnameRank.has(t.lower) || foreignNameShape(t.word, t.lower);
}

/** A word that may stand in a name built around an initial or a particle. */
function nameWord(t: Token, capital: boolean): boolean {
  if (t.word.length < 2 || neverName(t.lower) || /\d/.test(t.word)) return false;
  return capital ? t.cap && !(t.allCaps && t.word.length < 3) : !t.cap && !t.allCaps;
}

/** An English word the lists do not also know as a name ("Bouts", "Pas", but not "Graves"). */
function plainWord(t: Token): boolean {
  const d = dictionaries();
  return d.commonWords.has(t.lower) && !d.firstNames.has(t.lower) && !d.surnameRank.has(t.lower);
}

/**
 * Names recognised by their build rather than by a list:
 * - a middle initial between two words: "Mohmad R. Vizirov", "Jildau S Bouts", and in
 *   lower case "emidio p lombardo", "bertram m. jørgensen" (where one of the words is a known
 *   name, since speech-to-text loses capitals);
 * - a family-name particle between two capitalised words: "Willemine ten Pas", "Maika van de Noort".
 * Words of a place the town lists hold ("Chiclana de la Frontera") are left to the place detectors.
 */
export function detectNameShapes(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const n = tokens.length;
  for (let i = 0; i + 2 < n; i++) {
    const a = tokens[i] as Token;
    const m = tokens[i + 1] as Token;
    if (m.gap !== ' ') continue;
    // Middle initial.
    if (m.word.length === 1) {
      const b = tokens[i + 2] as Token;
      const dotted = text.charAt(m.end) === '.';
      if (b.gap !== (dotted ? '. ' : ' ')) continue;
      const capital = a.cap && !a.allCaps;
      if (capital) {
        if (!m.cap || (m.word === 'I' && !dotted) || !nameWord(a, true) || !nameWord(b, true)) continue;
        // One of the two words must be more than an English word ("Type A Personality").
        if (plainWord(a) || (d.commonWords.has(a.lower) && d.commonWords.has(b.lower))) continue;
      } else {
        if (m.cap || a.word.length < 3 || b.word.length < 3) continue;
        // "benjamin a seiler": the article reads as an initial only between a given name and a surname.
        if (LETTER_WORDS.has(m.word) && !(d.firstNames.has(a.lower) && d.surnameRank.has(b.lower))) continue;
        if (!nameWord(a, false) || !nameWord(b, false) || d.commonWords.has(a.lower) || d.commonWords.has(b.lower)) continue;
        if (!knownName(a) && !knownName(b)) continue;
      }
      out.push(candidate(text, a.start, b.end, 'NAME', 0.8, PRIORITY.name));
      i += 2;
      continue;
    }
    // Particles: one or two, then the family name.
    if (!PARTICLES.has(m.word) || !a.cap || a.allCaps || !nameWord(a, true)) continue;
    let j = i + 2;
    if (j < n && PARTICLES.has((tokens[j] as Token).word) && (tokens[j] as Token).gap === ' ') j++;
    const b = tokens[j];
    if (b === undefined || b.gap !== ' ' || !nameWord(b, true)) continue;
    if (plainWord(a) || (d.commonWords.has(a.lower) && d.commonWords.has(b.lower))) continue;
    const phrase = text.slice(a.start, b.end).toLowerCase();
    if (d.cities.has(a.lower) || d.worldCities.has(a.lower) || d.worldCities.has(phrase) || d.cities.has(phrase)) continue;
    out.push(candidate(text, a.start, b.end, 'NAME', 0.75, PRIORITY.name));
    i = j;
  }
}
