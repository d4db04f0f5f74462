import { dictionaries } from '../dictionaries/index.js';
import { CLINICAL_TERMS, COUNTRIES, EPONYM_NEXT, ORG_WORDS, FACILITY_HEADS, MONTHS, NAME_CUE_AFTER, NAME_CUE_BEFORE, ROLE_WORDS, STATE_NAMES, TITLES, WEAK_TITLES } from '../dictionaries/lexicon.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { foreignNameShape } from './name-cues.js';
import type { Token } from './tokens.js';

const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'and', 'or', 'but', 'i', 'in', 'on', 'at', 'to', 'of', 'for', 'with', 'is', 'was', 'are', 'he', 'she', 'they', 'we', 'you', 'it', 'my', 'his', 'her', 'their', 'our', 'this', 'that', 'if', 'so', 'as', 'by', 'from', 'not', 'no', 'yes', 'ok', 'okay', 'hospital', 'clinic', 'center']);
const CITY_CUE_WORDS = new Set(['in', 'at', 'from', 'to', 'near', 'outside', 'around', 'visiting', 'via', 'toward', 'towards', 'into']);
// Given names that are more often places or groups in clinical text.
const COUNTRY_LIKE = new Set(['america', 'asia', 'africa', 'india', 'china', 'israel', 'jordan', 'kenya', 'georgia', 'carolina', 'virginia', 'dakota', 'paris', 'london', 'berlin', 'sydney', 'vienna', 'florence', 'brooklyn', 'chelsea', 'phoenix', 'denver', 'dallas', 'houston', 'austin', 'aspen', 'memphis', 'orlando', 'cleveland', 'boston', 'lincoln', 'washington', 'madison', 'jackson', 'raleigh', 'tampa', 'reno', 'york', 'salem', 'eugene', 'tyler', 'charlotte', 'savannah', 'augusta', 'helena', 'camden', 'trenton', 'lansing']);
// What a person does, right after a sentence-opening word that no list holds.
export const START_VERBS = new Set(['said', 'says', 'told', 'asked', 'shouted', 'yelled', 'began', 'begins', 'lives', 'lived', 'listed', 'grew', 'moved', 'works', 'worked', 'wrote', 'writes', 'called', 'texted', 'emailed', 'replied', 'answered', 'explained', 'thinks', 'thought', 'wants', 'wanted', 'feels', 'felt', 'cried', 'laughed', 'smiled', 'married', 'died']);
const START_PAIRS = new Map([['is', 'from'], ['was', 'born'], ['will', 'be'], ['has', 'been']]);
const WEEKDAY_WORDS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** Words that can never be part of a person's name, whatever the dictionaries say. */
function blocked(lower: string): boolean {
  if (lower.length < 2) return false;
  return CLINICAL_TERMS.has(lower) || COUNTRIES.has(lower) || ORG_WORDS.has(lower) || MONTHS.has(lower) || WEEKDAY_WORDS.has(lower) || ROLE_WORDS.has(lower) || FACILITY_HEADS.has(lower);
}

function isInitial(t: Token): boolean {
  return t.word.length === 1 && t.cap && (t.word !== 'I' || t.next === '.');
}

// After "Thanks, X" or "Welcome back, X": the sentence, the line or the text ends.
const VOCATIVE_END = /^(?:[.?!]|\r?\n|$)/;
const QUOTE_GAP = /^ ?["“”] ?$/;
const LOWER_SPEECH_CUES = new Set(['call', 'text', 'told', 'asked', 'ask', 'tell', 'texted', 'called', 'emailed', 'named', 'dear', 'hi', 'hey']);
// Lower-case words that the name lists hold but that are chart shorthand or particles.
export const LOWER_STOP = new Set(['coda', 'iban', 'doc', 'min', 'max', 'med', 'meds', 'tab', 'tabs', 'cap', 'caps', 'pt', 'pts', 'rx', 'dx', 'tx', 'hx', 'sx', 'fx', 'bid', 'tid', 'qid', 'prn', 'von', 'van', 'de', 'la', 'del', 'der', 'le', 'da', 'di', 'du', 'al', 'el', 'lab', 'labs', 'mri', 'ekg', 'ecg', 'bp', 'hr']);
// Title Case medical terms ("Primary Sclerosing Cholangitis") look like unknown names.
const MEDICAL_SUFFIX = /(?:itis|osis|emia|aemia|oma|pathy|ectomy|otomy|ostomy|plasty|scopy|ism|ase|ing|ular|ology|iasis|algia|plegia|trophy|genic|ative|ation)$/;
// "AFib", "MoCA", "HbA1c": capitals inside a word mark an abbreviation, not a name.
const ABBREVIATION = /^[A-Z]{2,}[a-z]|^[A-Z][a-z]+[A-Z]+$|\d/;
// Cues strong enough to make an unknown capitalised word a name.
const UNKNOWN_CUES = new Set(['named', 'called', 'dear', 'hi', 'hey', 'hello', 'thanks', 'told', 'asked', 'texted', 'emailed', 'met', 'married', 'dating', 'son', 'daughter', 'wife', 'husband', 'boyfriend', 'girlfriend', 'partner', 'friend', 'cousin', 'sister', 'brother', 'mother', 'father', 'mom', 'dad', 'aunt', 'uncle', 'grandma', 'grandpa', 'roommate', 'boss', 'coworker', 'neighbor']);

/** Only a space separates two tokens of one name, or a period right after an initial ("D. Yefremova"). */
function joined(t: Token, prev?: Token): boolean {
  if (t.gap === ' ' || t.gap === '-') return true;
  // A quoted nickname inside a name: Theodore "Teddy" Vance.
  if (QUOTE_GAP.test(t.gap)) return true;
  return (t.gap === '. ' || t.gap === '.') && prev !== undefined && isInitial(prev);
}

export function detectNames(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const n = tokens.length;

  const isFirst = (t: Token): boolean => d.firstNames.has(t.lower);
  const firstRank = (t: Token): number => d.firstRank.get(t.lower) ?? 1e9;
  const inAnyDictionary = (t: Token): boolean => isFirst(t) || isSurname(t) || d.cities.has(t.lower) || isCommon(t);
  const isSurname = (t: Token): boolean => d.surnameRank.has(t.lower);
  const isCommon = (t: Token): boolean => d.commonWords.has(t.lower);
  const surnameLike = (t: Token): boolean => isSurname(t) || foreignNameShape(t.word, t.lower);

  /** A capitalised token that can continue a name already started. */
  const continues = (t: Token, prev: Token): boolean => {
    if (!joined(t, prev) || blocked(t.lower) || TITLES.has(t.lower)) return false;
    // A possessive ends the name ("Emmie Ström's Cautionary Tales") unless a surname follows,
    // as in a misspelt place named after a person ("John's Hopkins").
    if ((text.charCodeAt(prev.end) === 39 || text.charCodeAt(prev.end) === 0x2019) && !(isSurname(t) && !isCommon(t))) return false;
    if (isInitial(t)) return true;
    if (!(t.cap || t.allCaps)) return false;
    if (STATE_NAMES.has(t.lower) && !isSurname(t)) return false;
    if (t.allCaps && !t.word.match(/^[A-Z]{2,}$/)) return false;
    if (EPONYM_NEXT.has(t.lower) || (MEDICAL_SUFFIX.test(t.lower) && !isSurname(t)) || ABBREVIATION.test(t.word)) return false;
    // Right after a given name, a capitalised word is most often a surname, even one that is
    // also a word ("Jane Doe", "Anna Rivers"); after a surname only name-like words follow.
    if (isCommon(t) && !isSurname(t) && !headIsFirst) return false;
    return !FUNCTION_WORDS.has(t.lower);
  };
  let headIsFirst = false;

  let i = 0;
  while (i < n) {
    const t = tokens[i] as Token;
    let head = -1;
    let confidence = 0;
    const prev = i > 0 ? tokens[i - 1] : undefined;
    const nextTok = i + 1 < n ? tokens[i + 1] : undefined;

    if (TITLES.has(t.lower) && !WEAK_TITLES.has(t.lower) && nextTok !== undefined && nextTok.word.length === 1 && /^\.?\s$/.test(nextTok.gap) && !/^[aiAI]$/.test(nextTok.word)) {
      // "dr k", "Dr. K": an initial standing for the name.
      head = i + 1;
      confidence = 0.9;
    } else if (TITLES.has(t.lower) && (!WEAK_TITLES.has(t.lower) || t.cap) && nextTok && (nextTok.cap || nextTok.allCaps || (!WEAK_TITLES.has(t.lower) && (isFirst(nextTok) || isSurname(nextTok)) && !isCommon(nextTok))) && /^\.?\s{1,2}$/.test(nextTok.gap) && !blocked(nextTok.lower) && !TITLES.has(nextTok.lower)) {
      head = i + 1;
      confidence = 0.95;
    } else if ((t.cap || t.allCaps) && !blocked(t.lower) && !(ABBREVIATION.test(t.word) && !t.allCaps) && !(nextTok !== undefined && EPONYM_NEXT.has(nextTok.lower) && /^['’]?s?\s+$/.test(nextTok.gap))) {
      const speaker = t.lineStart && (t.next === ':' || (nextTok !== undefined && nextTok.gap === ' ' && nextTok.next === ':' && nextTok.cap));
      // A capitalised surname right after: "Alice Brown", "Jack Smith" (common surnames too).
      const surnameNext = nextTok !== undefined && joined(nextTok, t) && nextTok.cap && !nextTok.allCaps && !blocked(nextTok.lower) && (isInitial(nextTok) || (nextTok.word.length > 1 && (d.surnameRank.get(nextTok.lower) ?? 1e9) <= (isCommon(nextTok) ? 1000 : 1e9)));
      const followedByInitial = nextTok !== undefined && isInitial(nextTok) && joined(nextTok) && text.charAt(nextTok.end) === '.';
      if (t.allCaps && !speaker) {
        // Acronyms (ADA, MI, TIA) are not names; an all-caps name needs a speaker label.
      } else if (isFirst(t) && !(prev !== undefined && CITY_CUE_WORDS.has(prev.lower) && (d.cities.has(t.lower) || STATE_NAMES.has(t.lower)) && !surnameNext)) {
        const placeToo = STATE_NAMES.has(t.lower) || COUNTRY_LIKE.has(t.lower);
        if (!isCommon(t) && !placeToo) {
          head = i;
          confidence = t.sentenceStart ? 0.85 : 0.9;
        } else {
          // "Hope", "Will", "Grace", "Mark": names only with evidence around them.
          const followedBySurname = surnameNext;
          const cueBefore = prev !== undefined && NAME_CUE_BEFORE.has(prev.lower) && !t.sentenceStart;
          const cueAfter = nextTok !== undefined && NAME_CUE_AFTER.has(nextTok.lower) && nextTok.gap === ' ';
          // "Maria's dog", "Welcome back, Maria." - a possessive or a direct address.
          const possessive = /^['’]s\b/.test(text.slice(t.end, t.end + 3)) && !MONTHS.has(t.lower);
          const vocative = /,\s$/.test(t.gap) && VOCATIVE_END.test(text.slice(t.end, t.end + 2));
          const popular = firstRank(t) <= 2000;
          if (followedBySurname || cueBefore || (speaker && popular) || possessive || vocative || cueAfter) {
            head = i;
            confidence = 0.75;
          }
        }
      } else if (speaker && !isCommon(t) && !STATE_NAMES.has(t.lower) && (isSurname(t) || t.allCaps)) {
        head = i;
        confidence = 0.8;
      } else if (!t.sentenceStart && !inAnyDictionary(t) && t.cap && !t.allCaps && t.word.length > 2 && !MEDICAL_SUFFIX.test(t.lower) && (
        (prev !== undefined && UNKNOWN_CUES.has(prev.lower)) ||
        (/,\s$/.test(t.gap) && VOCATIVE_END.test(text.slice(t.end, t.end + 2))) ||
        (nextTok !== undefined && joined(nextTok) && nextTok.cap && !nextTok.allCaps && !isCommon(nextTok) && !blocked(nextTok.lower) && !FACILITY_HEADS.has(nextTok.lower) && !MEDICAL_SUFFIX.test(nextTok.lower)))) {
        // Names no list knows ("Oluwaseun Adeyemi", "Welcome back, Kwame."): an unknown
        // capitalised word mid-sentence, addressed directly or followed by another one.
        head = i;
        confidence = 0.6;
      } else if (isSurname(t) && followedByInitial && !t.sentenceStart) {
        // "Smith J." - surname first, then the initial.
        head = i;
        confidence = 0.8;
      } else if (t.sentenceStart && t.cap && !t.allCaps && !/['’]/.test(t.word) && t.word.length > 2 && !inAnyDictionary(t) && !d.worldCities.has(t.lower) && !MEDICAL_SUFFIX.test(t.lower) && nextTok !== undefined && nextTok.gap === ' ' && (START_VERBS.has(nextTok.lower) || (START_PAIRS.has(nextTok.lower) && START_PAIRS.get(nextTok.lower) === tokens[i + 2]?.lower))) {
        // "Mehrudin shouted at Todd", "Shovda is from ...": a word no list holds, opening a
        // sentence, whose next word is what people do.
        head = i;
        confidence = 0.6;
      } else if (t.sentenceStart && t.cap && !t.allCaps && !/['’]/.test(t.word) && !isCommon(t) && !d.cities.has(t.lower) && !MEDICAL_SUFFIX.test(t.lower) && (foreignNameShape(t.word, t.lower) || (nextTok !== undefined && nextTok.gap === ' ' && nextTok.cap && !nextTok.allCaps && !isCommon(nextTok) && !blocked(nextTok.lower) && !MEDICAL_SUFFIX.test(nextTok.lower) && (isSurname(nextTok) || foreignNameShape(nextTok.word, nextTok.lower))))) {
        // A sentence that opens with a foreign-looking name ("Järvilehto began", "Šárka Ottová
        // called"): capitals say nothing there, so the word's shape or a surname after it decides.
        head = i;
        confidence = 0.6;
      } else if (surnameLike(t) && !isCommon(t) && !t.sentenceStart && !STATE_NAMES.has(t.lower) && !COUNTRY_LIKE.has(t.lower) && (!d.cities.has(t.lower) || ((d.surnameRank.get(t.lower) ?? 1e9) <= 5000 && !(prev !== undefined && CITY_CUE_WORDS.has(prev.lower)))) && t.word.length > 2) {
        head = i;
        confidence = 0.6;
      }
    } else if (!t.cap && t.word.length >= 3 && isFirst(t) && !isCommon(t) && !blocked(t.lower) && !LOWER_STOP.has(t.lower) && /^\s+$/.test(t.gap) && !/[/-]/.test(t.next) && (firstRank(t) <= 3000 || (d.surnameRank.get(t.lower) ?? 1e9) > 5000) && (!d.cities.has(t.lower) || firstRank(t) <= 3000) && !COUNTRY_LIKE.has(t.lower) && !STATE_NAMES.has(t.lower)) {
      // Speech-to-text and messages drop capitals ("i told jessica"). Restricted to given names
      // that are not also surnames or words, which keeps "bell" or "page" out.
      head = i;
      confidence = 0.6;
    } else if (!t.cap && t.word.length >= 3 && isFirst(t) && !blocked(t.lower) && !LOWER_STOP.has(t.lower) && firstRank(t) <= 3000 && (
      // "tyler said", "... thx - jordan": a given name that speaks, or signs off a message.
      (nextTok !== undefined && NAME_CUE_AFTER.has(nextTok.lower) && nextTok.gap === ' ' && !isCommon(t)) ||
      (/(?:^|[-–—,]\s*|\b(?:thx|thanks|love|xo|cheers|best)\s*[,-]?\s*)$/i.test(t.gap + '') && /[-–—,]|thx|thanks|love|xo|cheers|best/i.test((prev?.word ?? '') + t.gap) && VOCATIVE_END.test(text.slice(t.end, t.end + 2))))) {
      head = i;
      confidence = 0.6;
    } else if (!t.cap && t.word.length >= 3 && isFirst(t) && !blocked(t.lower) && !LOWER_STOP.has(t.lower) && /^\s+$/.test(t.gap) && !/[/-]/.test(t.next) && prev !== undefined && (
      (!isCommon(t) && NAME_CUE_BEFORE.has(prev.lower)) ||
      // "call maria", "told grace": a very common given name right after a speech verb.
      (firstRank(t) <= 300 && LOWER_SPEECH_CUES.has(prev.lower)))) {
      head = i;
      confidence = 0.6;
    }

    if (head >= 0 && head === i && prev !== undefined && CITY_CUE_WORDS.has(prev.lower) && nextTok !== undefined && nextTok.gap === ' ' && d.cities.has(t.lower + ' ' + nextTok.lower)) {
      // "lives in Ann Arbor": a two-word town after a place cue, left to the place detector.
      head = -1;
    }
    if (head < 0) {
      i++;
      continue;
    }
    let last = head;
    const headTok = tokens[head] as Token;
    headIsFirst = isFirst(headTok) || head !== i;
    const lowerRun = !headTok.cap && !headTok.allCaps && head === i;
    while (last + 1 < n && last - head < 3) {
      const c = tokens[last + 1] as Token;
      if (lowerRun) {
        if (joined(c) && !c.cap && isSurname(c) && !isCommon(c) && !blocked(c.lower)) last++;
        else break;
      } else if (continues(c, tokens[last] as Token)) last++;
      else break;
    }
    // A lone initial after a title is a name too ("Dr. K."), but a lone initial alone is not.
    if (last === head && isInitial(headTok) && head === i) {
      i++;
      continue;
    }
    const lastTok = tokens[last] as Token;
    const after = tokens[last + 1];
    if (after !== undefined && ((EPONYM_NEXT.has(after.lower) && /^['’]?s?\s+$/.test(after.gap)) || (ORG_WORDS.has(after.lower) && /^,?\s+$/.test(after.gap))) && confidence < 0.95) {
      // "Lou Gehrig's disease", "Wilson disease": an eponym, not a person.
      i = last + 1;
      continue;
    }
    // Keep an initial's period inside the span: "Anna S." is the identifier.
    let end = lastTok.end;
    if (isInitial(lastTok) && text.charAt(end) === '.') end++;
    out.push(candidate(text, headTok.start, end, 'NAME', confidence, PRIORITY.name));
    i = last + 1;
  }
}

/**
 * Second pass: a word already found as part of a name is a name wherever else it appears in
 * the same text ("Maria Lopez" ... "lopez"), which catches surnames alone and lower-case uses.
 */
export function propagateNames(text: string, tokens: readonly Token[], found: ReadonlyArray<{ start: number; end: number; type: string; confidence: number }>, out: Candidate[]): void {
  const d = dictionaries();
  const words = new Set<string>();
  const exact = new Set<string>();
  for (const s of found) {
    if (s.type !== 'NAME' || s.confidence < 0.6) continue;
    for (const w of text.slice(s.start, s.end).split(/[^\p{L}'’-]+/u)) {
      const lw = w.toLowerCase().replace(/['’]s$/, '');
      if (lw.length <= 2 || TITLES.has(lw) || blocked(lw)) continue;
      // Weak finds (0.6: lower-case speech, lone surnames) spread only to the same spelling.
      if (s.confidence >= 0.75) words.add(lw);
      else exact.add(w);
    }
  }
  if (words.size === 0 && exact.size === 0) return;
  for (const t of tokens) {
    if (exact.has(t.word)) {
      out.push(candidate(text, t.start, t.end, 'NAME', 0.6, PRIORITY.name - 1));
      continue;
    }
    if (!words.has(t.lower)) continue;
    // A word that is also ordinary English needs its capital, and not merely a sentence's one.
    if (d.commonWords.has(t.lower) && (!t.cap || (t.sentenceStart && !t.allCaps))) continue;
    out.push(candidate(text, t.start, t.end, 'NAME', 0.7, PRIORITY.name - 1));
  }
}
