import { dictionaries } from '../dictionaries/index.js';
import { CLINICAL_TERMS, COUNTRIES, FACILITY_HEADS, MONTHS, ORG_WORDS, ROLE_WORDS, STATE_NAMES, TITLES } from '../dictionaries/lexicon.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import type { Token } from './tokens.js';

/**
 * Surname shapes of European and Asian languages: patronymics and family-name endings
 * ("Oddgeirsdóttir", "Szczepańska", "Batukayev", "Tomić", "Ryhänen", "Hamaguchi").
 * A capitalised word with such an ending that is not an English word is taken as a surname.
 */
export const SURNAME_SHAPE = /(?:ová|ovà|ovna|evna|ská|ský|ski|ska|sky|skiy|skaya|cki|cka|dzki|wicz|sson|sdóttir|dóttir|dottir|ssen|poulos|poulou|akis|idis|escu|eanu|ović|ovic|ević|evic|vić|čić|ić|enko|chuk|shvili|dze|oglu|oğlu|yan|inen|ainen|änen|onen|lä|mann|ov|ev|ova|eva|ayev|iyev|moto|mura|yama|kawa|gawa|shima|jima|hara|saki|zaki|hashi|guchi)$/;
// Letters outside ASCII mark a non-English word ("Krisztián", "Šárka", "Wisława").
const NON_ASCII_LETTER = /[\u00c0-\u024f\u1e00-\u1eff]/;

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Not a name whatever its shape: clinical terms, places, months, roles, facility words. */
export function neverName(lower: string): boolean {
  return CLINICAL_TERMS.has(lower) || COUNTRIES.has(lower) || STATE_NAMES.has(lower) || MONTHS.has(lower) || ROLE_WORDS.has(lower) || ORG_WORDS.has(lower) || FACILITY_HEADS.has(lower) || TITLES.has(lower);
}

/** A word no English list holds but that looks like a foreign name (shape or accented letters). */
export function foreignNameShape(word: string, lower: string): boolean {
  if (lower.length < 3) return false;
  const accented = NON_ASCII_LETTER.test(word);
  if (!accented && !SURNAME_SHAPE.test(lower)) return false;
  const d = dictionaries();
  if (d.commonWords.has(lower) || (accented && d.commonWords.has(stripAccents(lower))) || neverName(lower)) return false;
  return !d.cities.has(lower) && !d.worldCities.has(lower);
}

// Phrases that introduce a person's name: what follows is a name whatever the lists say.
const INTRO = /(?:\bmy name is|\b(?:first |last |full |maiden |middle )?name (?:is|was)|\bname:|\bwhat'?s your (?:first |last |full )?name\?|\bthe name on the account\?(?: user:)?|\b(?:call|calls|called) me|\bnamed (?:him|her|them|it)?|\bmy (?:kid|son|daughter|child|wife|husband|partner|brother|sister)|\bfollow(?:ing)? up with|\bspeak to|\bsays|\bsaid|\bsigned,?|\bregards,|\bsincerely,|\bthanks,)\s*$/i;
// The last word of every INTRO phrase: the regex runs only after one of them.
const INTRO_LAST = new Set(['is', 'was', 'name', 'user', 'me', 'named', 'him', 'her', 'them', 'it', 'kid', 'son', 'daughter', 'child', 'wife', 'husband', 'partner', 'brother', 'sister', 'with', 'to', 'says', 'said', 'signed', 'regards', 'sincerely', 'thanks']);
const INTRO_FUNCTION = new Set(['a', 'an', 'the', 'and', 'or', 'but', 'in', 'on', 'at', 'to', 'of', 'for', 'with', 'is', 'was', 'me', 'my', 'his', 'her', 'their', 'our', 'your', 'not', 'that', 'this', 'it', 'he', 'she', 'they', 'we', 'you', 'i', 'so', 'if', 'as', 'about', 'phone', 'address', 'email', 'date', 'from']);

function isInitialTok(t: Token): boolean {
  return t.word.length === 1;
}

/**
 * Names introduced by a phrase ("My name is Rubija", "Name: Toshimi Arata",
 * "What's your last name? Magnusson", "says Hartvigsson.", "follow up with jan jílek").
 * Lower-case names are accepted after such a phrase when they are not English words.
 */
export function detectIntroducedNames(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    if (i === 0 || !INTRO_LAST.has((tokens[i - 1] as Token).lower)) continue;
    if (t.gap.includes('\n') && !/^:?\s+$/.test(t.gap)) continue;
    const before = text.slice(Math.max(0, t.start - 45), t.start);
    if (!INTRO.test(before)) continue;
    const reported = /\b(?:says|said)\s*$/i.test(before);
    let last = i - 1;
    for (let j = i; j < n && j < i + 4; j++) {
      const u = tokens[j] as Token;
      if (j > i && !(u.gap === ' ' || u.gap === '. ' || u.gap === '-' || (isInitialTok(tokens[j - 1] as Token) && u.gap === '. '))) break;
      // "Jan Testák": a month abbreviation that a capitalised word follows is a given name here.
      const nx = tokens[j + 1];
      const monthName = MONTHS.has(u.lower) && u.cap && nx !== undefined && nx.gap === ' ' && nx.cap;
      if (INTRO_FUNCTION.has(u.lower) || (neverName(u.lower) && !monthName) || /^[A-Z]{2,}[a-z]|\d/.test(u.word) || (u.allCaps && u.word.length < 3)) break;
      const lowerCase = !u.cap && !u.allCaps;
      // After "says"/"said" only a capitalised name (not "says that").
      if (reported && lowerCase) break;
      if (lowerCase && !isInitialTok(u) && d.commonWords.has(u.lower)) break;
      // A capitalised English word that is not a name ("Name: Billing") ends the run, unless it
      // is a known given name or surname ("My name is Frank", "Her maiden name is Key").
      if (!lowerCase && !monthName && d.commonWords.has(u.lower) && !d.firstNames.has(u.lower) && !d.surnameRank.has(u.lower)) break;
      last = j;
    }
    if (last < i) continue;
    const lastTok = tokens[last] as Token;
    let end = lastTok.end;
    if (isInitialTok(lastTok) && text.charAt(end) === '.') end++;
    out.push(candidate(text, t.start, end, 'NAME', 0.8, PRIORITY.name));
    i = last;
  }
}

/**
 * A speaker label inside a line: `Vsevolod: "Who are you?"`, `Ubul: What a wife.` A word that
 * starts a sentence and is followed by a colon and a quote or a capital is a speaker's name
 * when it is not an English word or a label ("Note:", "Plan:").
 */
export function detectInlineSpeakers(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  for (const t of tokens) {
    // Capitalised, not an acronym or a label in capitals ("MRN:", "AFib").
    if (t.next !== ':' || !t.sentenceStart || !t.cap || t.allCaps || /^[A-Z]{2,}|\d/.test(t.word)) continue;
    const after = text.slice(t.end + 1, t.end + 4);
    if (!/^\s?["“]|^\s[\p{Lu}]/u.test(after)) continue;
    if (neverName(t.lower) || (d.commonWords.has(t.lower) && !d.firstNames.has(t.lower))) continue;
    if (t.allCaps && t.word.length < 3) continue;
    out.push(candidate(text, t.start, t.end, 'NAME', 0.75, PRIORITY.name));
  }
}

/**
 * How many items of a list no detector named are evidence that it lists people:
 * - in lower case ("silvana, adam, christopher and kristina"), the given names that are not
 *   English words, once there are two of them in three items or more;
 * - capitalised ("Monjeau, Graves and Reed", "Muslija and Brown"), every item when one is a
 *   known surname, one is a word no English list holds, and none is a town.
 */
function listSeeds(toks: readonly Token[], allLower: boolean): number {
  const d = dictionaries();
  if (allLower) {
    const given = toks.filter((t) => d.firstNames.has(t.lower) && !d.commonWords.has(t.lower)).length;
    return toks.length >= 3 && given >= 2 ? given : 0;
  }
  if (!toks.every((t) => t.cap && !t.allCaps && t.word.length > 2)) return 0;
  const surname = (t: Token): boolean => (d.surnameRank.get(t.lower) ?? 1e9) <= 20000;
  const town = (t: Token): boolean => (d.cities.has(t.lower) || d.worldCities.has(t.lower)) && !surname(t);
  if (toks.some(town) || !toks.some(surname)) return 0;
  return toks.some((t) => !d.commonWords.has(t.lower) && !d.firstNames.has(t.lower) && !surname(t)) ? toks.length : 0;
}

/**
 * Lists of people: in "Hleb, Sheila, Donna and Shane" or "Torpy and Salinas", once one item is
 * a name the other single capitalised items are names too (never places, months or drugs).
 */
export function propagateLists(text: string, tokens: readonly Token[], found: ReadonlyArray<{ start: number; end: number; type: string }>, out: Candidate[]): void {
  const n = tokens.length;
  // Whether a token lies inside a NAME span; asked for list items only, in increasing order,
  // so one forward pointer over the sorted spans answers every question.
  let k = 0;
  const isNamed = (t: Token): boolean => {
    while (k < found.length && (found[k] as { end: number }).end <= t.start) k++;
    const s = found[k];
    return s !== undefined && s.type === 'NAME' && s.start <= t.start && s.end >= t.end;
  };
  const joins = (ti: number): number => {
    // Index of the next list item after token ti, or -1.
    const u = tokens[ti + 1];
    if (u === undefined) return -1;
    if (u.gap === ', ' || u.gap === ' & ' || u.gap === ', & ') return ti + 1;
    if (u.gap === ' ' && (u.lower === 'and' || u.lower === 'or') && (tokens[ti + 2] as Token | undefined)?.gap === ' ') return ti + 2;
    return -1;
  };
  let i = 0;
  while (i < n) {
    // Most tokens start no list: leave before allocating anything.
    if (joins(i) < 0) {
      i++;
      continue;
    }
    const items = [i];
    for (let nx = joins(i); nx >= 0; nx = joins(nx)) items.push(nx);
    const lastItem = items[items.length - 1] as number;
    if (items.length >= 2) {
      const toks = items.map((x) => tokens[x] as Token);
      const allLower = toks.every((t) => !t.cap && !t.allCaps);
      const namedItems = items.map((x) => isNamed(tokens[x] as Token));
      const hits = namedItems.filter(Boolean).length;
      // Every item is one word: the token after an item (but the last) is the list separator.
      const singles = items.slice(0, -1).every((x) => joins(x) >= 0);
      const after = tokens[lastItem + 1];
      const lastSingle = after === undefined || after.gap !== ' ' || !(after.cap || after.allCaps);
      const d = dictionaries();
      // An English word joins the list only when it is also a known name ("Graves and Reed"),
      // which keeps "Thanks, Maria" and "nina, four hungry children" out.
      const nameable = (t: Token, q: number): boolean => namedItems[q] === true || !d.commonWords.has(t.lower) || d.firstNames.has(t.lower) || (d.surnameRank.get(t.lower) ?? 1e9) <= 20000;
      // "Standard & Poors", "Standard And Poors": an ampersand or a capitalised "And" joins the
      // words of a firm's name more often than people.
      const firm = toks.some((t) => t.gap.includes('&')) || tokens.slice(i, lastItem).some((t) => t.word === 'And' || t.word === 'Or');
      const seeds = hits + (firm ? 0 : listSeeds(toks, allLower));
      if (seeds >= 1 && seeds * 3 >= items.length && singles && lastSingle && toks.every((t, q) => !neverName(t.lower) && !/['’]/.test(t.word) && (t.cap || allLower) && nameable(t, q))) {
        for (const [q, x] of items.entries()) {
          const t = tokens[x] as Token;
          if (!namedItems[q]) out.push(candidate(text, t.start, t.end, 'NAME', 0.65, PRIORITY.name - 1));
        }
      }
    }
    i = lastItem + 1;
  }
}
