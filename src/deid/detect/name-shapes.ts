import { dictionaries } from '../dictionaries/index.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { foreignNameShape, neverName } from './name-cues.js';
import { START_VERBS } from './names.js';
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

// Words that open a request to the person just named ("Warrane, can I please speak to ...").
const REQUEST_AFTER = new Set(['can', 'could', 'would', 'will', 'please', 'do', 'did', 'are', 'have', 'may', 'thank', 'thanks']);
const QUOTE_NEXT = /^:\s?["“]/;

/**
 * Names placed where only a person stands, though no list knows the word:
 * - opening a sentence and addressed before a request: "Kuba, can I please speak to ...";
 * - a lower-case speaker label in a chat: `mika: "who are you?"`;
 * - a lower-case given name and surname opening a sentence: "eva kleist lives at ...";
 * - two capitalised words no list holds opening a line or sentence, followed by what people do
 *   or by a layout break: "Ubul Csonka listed ...", "Satu Elomo  45818 P.O. Box ...".
 */
export function detectNamePlaces(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const n = tokens.length;
  const unlisted = (t: Token): boolean => !d.commonWords.has(t.lower) && !d.firstNames.has(t.lower) && !d.surnameRank.has(t.lower) && !d.cities.has(t.lower) && !d.worldCities.has(t.lower);
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    if (!t.sentenceStart || t.word.length < 3 || neverName(t.lower) || /\d/.test(t.word)) continue;
    const next = tokens[i + 1];
    if (t.cap && !t.allCaps) {
      if (next !== undefined && next.gap === ', ' && REQUEST_AFTER.has(next.lower) && (!d.commonWords.has(t.lower) || (d.firstNames.has(t.lower) && !plainWord(t)))) {
        out.push(candidate(text, t.start, t.end, 'NAME', 0.7, PRIORITY.name));
        continue;
      }
      if (next === undefined || next.gap !== ' ' || !next.cap || next.allCaps || next.word.length < 3 || neverName(next.lower)) continue;
      if (d.commonWords.has(t.lower) || d.commonWords.has(next.lower) || !(unlisted(t) || unlisted(next))) continue;
      const after = tokens[i + 2];
      const rest = text.slice(next.end, next.end + 3);
      if ((after !== undefined && after.gap === ' ' && START_VERBS.has(after.lower)) || /^(?:[ \t]{2}|[ \t]*\r?\n)/.test(rest)) {
        out.push(candidate(text, t.start, next.end, 'NAME', 0.7, PRIORITY.name));
        i++;
      }
      continue;
    }
    if (t.cap || t.allCaps || !d.firstNames.has(t.lower) || d.commonWords.has(t.lower)) continue;
    if (QUOTE_NEXT.test(text.slice(t.end, t.end + 3))) {
      out.push(candidate(text, t.start, t.end, 'NAME', 0.7, PRIORITY.name));
      continue;
    }
    if (next !== undefined && next.gap === ' ' && !next.cap && !next.allCaps && !d.commonWords.has(next.lower) && !neverName(next.lower) && (d.surnameRank.has(next.lower) || foreignNameShape(next.word, next.lower))) {
      out.push(candidate(text, t.start, next.end, 'NAME', 0.7, PRIORITY.name));
      i++;
    }
  }
}
