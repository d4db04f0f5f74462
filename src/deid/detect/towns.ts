import { dictionaries } from '../dictionaries/index.js';
import { CLINICAL_ENDING, CLINICAL_TERMS, COUNTRIES, FACILITY_HEADS, MONTHS, ORG_WORDS, STATE_NAMES, TITLES, TOWN_PREFIX } from '../dictionaries/lexicon.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import type { Token } from './tokens.js';

// Phrases after which a capitalised word is a place even when no list knows it: where someone
// lives, grew up, comes from or travels ("grew up in Remniku", "flew to LEPPEN", "Where: ...").
const STRONG_CUE = /(?:\b(?:grew up|born|raised|lives?|lived|living|moved(?: back| here| away)?|relocated|based|located|stationed|staying|stayed|flew|flying|drove|travell?ed|travell?ing|trip|returned|arrived|arriving|arrives|headed|heading|commutes?|originally|i am|i'm|we are|we're|currently)(?: (?:back|up|out|over|down|here|there))? (?:in|to|from|at|near|into)|\b(?:home ?town|home city|town of|city of|village of|university of)|\bwhere:)\s*$/i;
const WEAK_CUE = new Set(['in', 'from', 'to', 'at', 'near', 'outside', 'visiting', 'around', 'into', 'toward', 'towards', 'via']);
// The last word of every cue: the cue regex runs only after one of them.
const CUE_LAST = new Set([...WEAK_CUE, 'into', 'of', 'hometown', 'town', 'city', 'where']);
const LOCATIVE = new Set(['in', 'near', 'from', 'outside']);
// Endings of town names in English, German and Scandinavian ("Niitabury", "Auroratown", "Harburg").
const TOWN_SHAPE = /[a-z]{3}(?:bury|borough|burgh|burg|berg|ton|town|ville|ford|field|wood|port|mouth|ham|stead|thorpe|by|dorf|heim|hausen|stadt|stad|holm|vik|fjord|køping|köping|rup|rød|sted)$/;
const CONNECTORS = new Set(['de', 'del', 'la', 'le', 'les', 'da', 'do', 'dos', 'das', 'di', 'nad', 'am', 'an', 'sur', 'en', 'y', 'i', 'van', 'von', 'op', 'aan', 'bei', 'im', 'na']);
const WEEKDAYS = new Set(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);
// A postal code after a town ("Bjert 6091", "ÖVERTURINGEN 840 24"); a year is not one.
const POSTAL_AFTER = /^ (\d{3} \d{2}|\d{4}-\d{3}|\d{2}-\d{3}|\d{4,5})(?![\d/:.,-]?\d)/;

function blocked(lower: string): boolean {
  return CLINICAL_TERMS.has(lower) || COUNTRIES.has(lower) || STATE_NAMES.has(lower) || MONTHS.has(lower) || WEEKDAYS.has(lower) || TITLES.has(lower) || ORG_WORDS.has(lower) || FACILITY_HEADS.has(lower);
}

/**
 * Towns anywhere in the world after a place cue: names from the GeoNames list after "in",
 * "from", "to"...; names no list knows only after a stronger cue ("grew up in", "flew to").
 * Acronyms ("in CBT", "to ER") are left alone: an all-caps town needs five letters.
 */
export function detectCuedTowns(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const n = tokens.length;
  for (let i = 1; i < n; i++) {
    const prev = tokens[i - 1] as Token;
    if (!CUE_LAST.has(prev.lower)) continue;
    const t = tokens[i] as Token;
    if (!/^:?\s+$/.test(t.gap) || t.gap.includes('\n')) continue;
    if (!(t.cap || t.allCaps)) {
      // Lower-case messages ("my friend lives in harburg"): a town the lists hold, after a
      // phrase that can only introduce a place, and not an English word.
      if (t.word.length >= 4 && (d.worldCities.has(t.lower) || d.cities.has(t.lower)) && !d.commonWords.has(t.lower) && !blocked(t.lower) && STRONG_CUE.test(text.slice(Math.max(0, t.start - 40), t.start))) {
        out.push(candidate(text, t.start, t.end, 'LOCATION', 0.65, PRIORITY.location));
      }
      continue;
    }
    if (blocked(t.lower) || (t.allCaps && t.word.length < 5)) continue;
    const before = text.slice(Math.max(0, t.start - 40), t.start);
    const strong = STRONG_CUE.test(before);
    const weak = WEAK_CUE.has(prev.lower);
    if (!strong && !weak) continue;

    // The run of capitalised words (with "de", "nad"... inside) that could be the town.
    let j = i;
    let key = t.lower;
    let longestCity = d.worldCities.has(key) || d.cities.has(key) ? i : -1;
    while (j + 1 < n && j - i < 4) {
      const u = tokens[j + 1] as Token;
      if (!(u.gap === ' ' || u.gap === '-')) break;
      const connector = CONNECTORS.has(u.lower) && j + 2 < n && ((tokens[j + 2] as Token).cap || (tokens[j + 2] as Token).allCaps);
      if (!(u.cap || u.allCaps || connector)) break;
      key += (u.gap === '-' ? '-' : ' ') + u.lower;
      j++;
      if (d.worldCities.has(key) || d.cities.has(key)) longestCity = j;
    }
    let last: number;
    if (longestCity >= 0) {
      last = longestCity;
      const single = longestCity === i;
      // A town that is also a word or a given name ("Hope", "Mark", "Nice") needs a strong cue,
      // and then only when it is not a person's name either.
      const ambiguous = d.commonWords.has(t.lower) || d.firstNames.has(t.lower) || (d.surnameRank.get(t.lower) ?? 1e9) <= 5000;
      if (single && ambiguous && !(strong && !d.firstNames.has(t.lower) && !d.commonWords.has(t.lower))) continue;
    } else {
      // After "in", "near", "from", "outside", a capitalised word that no list holds (not a
      // name, a word, a drug or a place we know) is most often a place: "in Highveld", "in Tobel".
      // A word no list holds that is built like a town name ("to Niitabury", "at Berggrenton")
      // counts after any place cue; other unknown words only after "in", "near", "from", "outside".
      const townShaped = TOWN_SHAPE.test(t.lower) && !t.sentenceStart && !d.commonWords.has(t.lower) && !d.firstNames.has(t.lower) && !d.surnameRank.has(t.lower);
      const locative = (LOCATIVE.has(prev.lower) || townShaped) && !t.sentenceStart && t.word.length >= 4 && !/\d|^[A-Z]{2,}[a-z]|[a-z][A-Z]/.test(t.word) && !CLINICAL_ENDING.test(t.lower) && !d.commonWords.has(t.lower) && !d.firstNames.has(t.lower) && !d.surnameRank.has(t.lower);
      if (!strong && !locative) continue;
      // Unknown words only: a run of words no list holds ("Remniku", "UPTON SCUDAMORE").
      last = i - 1;
      for (let k = i; k <= j; k++) {
        const u = tokens[k] as Token;
        if (CONNECTORS.has(u.lower) && k > i) continue;
        if (k === i && k < j && TOWN_PREFIX.has(u.lower)) continue;
        if (d.commonWords.has(u.lower) || d.firstNames.has(u.lower) || blocked(u.lower) || (u.allCaps && u.word.length < 3)) break;
        last = k;
      }
      while (last > i && CONNECTORS.has((tokens[last] as Token).lower)) last--;
      if (last < i) continue;
    }
    const end = (tokens[last] as Token).end;
    out.push(candidate(text, t.start, end, 'LOCATION', 0.7, PRIORITY.location));
    const zip = POSTAL_AFTER.exec(text.slice(end, end + 12));
    if (zip && !/^(?:19|20)\d\d$/.test(zip[1] ?? '')) {
      const s = end + 1;
      out.push(candidate(text, s, s + (zip[1] ?? '').length, 'ZIP', 0.8, PRIORITY.location));
    }
    i = last;
  }
}
