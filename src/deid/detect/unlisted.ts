import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import { dictionaries } from '../dictionaries/index.js';
import { CLINICAL_ENDING, EPONYM_NEXT } from '../dictionaries/lexicon.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { foreignNameShape, neverName } from './name-cues.js';
import { LOWER_STOP } from './names.js';
import type { Token } from './tokens.js';

// Mixed capitals and digits mark codes and brands ("AFib", "iPhone", "HbA1c"), not people;
// an apostrophe before lower-case letters marks a contraction ("I've", "Don't"), not "O'Neil".
const CODE_SHAPE = /\d|^[A-Z]{2,}[a-z]|[a-z][A-Z]|['’]\p{Ll}/u;

export const WIDE_CONFIDENCE = 0.4;

// 274,000 English words (the word-list package, MIT), loaded on the first high-sensitivity
// call only: the standard rules never need it.
let english: Set<string> | undefined;
function englishWords(): Set<string> {
  english ??= new Set(readFileSync(wordListPath, 'utf8').split('\n'));
  return english;
}

/** "leone mazzi", "nijito asano": an unlisted lower-case word joined to a given name or a surname. */
function besideLowerName(tokens: readonly Token[], i: number): boolean {
  const d = dictionaries();
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  const t = tokens[i] as Token;
  const isName = (u: Token): boolean => !u.cap && !u.allCaps && !d.commonWords.has(u.lower) && (d.firstNames.has(u.lower) || d.surnameRank.has(u.lower));
  return (prev !== undefined && t.gap === ' ' && d.firstNames.has(prev.lower) && isName(prev)) || (next !== undefined && next.gap === ' ' && d.surnameRank.has(next.lower) && isName(next));
}

function eponymAhead(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; k <= i + 2 && k < tokens.length; k++) {
    const u = tokens[k] as Token;
    if (EPONYM_NEXT.has(u.lower) && /^['’]?s?\s+$/.test(u.gap)) return true;
    if (u.gap !== ' ' || !u.cap) return false;
  }
  return false;
}

/**
 * The high-sensitivity layer: every capitalised word that no English or clinical list
 * holds, wherever it stands (a sentence's first word too), and every lower-case given name that
 * is not also an English word. It finds the names that nothing around them announces ("Irenka is
 * very reliable") at the price of brands and organisations no list knows, so it runs only when
 * the caller asks for sensitivity 'high' (research exports, text written to logs).
 */
export function detectUnlisted(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const words = englishWords();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // Cheapest tests first: most words are common English, and short capitals are acronyms.
    if (t.word.length < 3 || d.commonWords.has(t.lower)) continue;
    // In capitals, only words of six letters or more: shorter ones are mostly acronyms
    // ("COPD", "NYHA", "KDIGO"), longer ones town lines of addresses ("ALFRICK", "BASHALL").
    const capital = (t.cap && !t.allCaps) || (t.allCaps && t.word.length >= 6);
    if (!capital && (t.cap || t.allCaps)) continue;
    if (neverName(t.lower) || CODE_SHAPE.test(t.word)) continue;
    const listedName = d.firstNames.has(t.lower) || d.surnameRank.has(t.lower);
    // A rare English word that is also a given name or a surname ("Walker", "Angel") counts.
    if (words.has(t.lower) && !listedName) continue;
    // "Chaddock reflex", "Wilson's disease", "Lou Gehrig's disease": an eponym, not a person.
    if (eponymAhead(tokens, i)) continue;
    // "D-dimer", "Mini-Mental": a compound with an English word in it is vocabulary.
    if (t.word.includes('-') && t.lower.split('-').some((p) => words.has(p) || d.commonWords.has(p))) continue;
    if (capital) {
      if (CLINICAL_ENDING.test(t.lower) && !d.firstNames.has(t.lower) && !d.surnameRank.has(t.lower)) continue;
      const place = (d.worldCities.has(t.lower) || d.cities.has(t.lower)) && !d.firstNames.has(t.lower) && !d.surnameRank.has(t.lower);
      out.push(candidate(text, t.start, t.end, place ? 'LOCATION' : 'NAME', WIDE_CONFIDENCE, PRIORITY.weak));
    } else if (!words.has(t.lower) && !LOWER_STOP.has(t.lower) && (listedName || foreignNameShape(t.word, t.lower) || besideLowerName(tokens, i))) {
      out.push(candidate(text, t.start, t.end, 'NAME', WIDE_CONFIDENCE, PRIORITY.weak));
    }
  }
}
