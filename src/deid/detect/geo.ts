import { dictionaries } from '../dictionaries/index.js';
import { CLINICAL_TERMS, COUNTRIES, EPONYM_NEXT, FACILITY_HEADS, STATE_ABBR, STATE_NAMES, TITLES } from '../dictionaries/lexicon.js';
import { detectAddressBlocks, detectCorners } from './address-block.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { all } from './scan.js';
import { SUFFIX, USPS_SUFFIX } from './street-words.js';
import { typeFromContext } from './context.js';
import type { Token } from './tokens.js';

const UNIT = String.raw`(?:,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Fl|Floor|Bldg|Building|#)\.?\s*#?[A-Za-z0-9-]+)?`;
// "1668 Glyn St", "42 W. 5th Avenue Apt 3B", "123 Martin Luther King Jr Blvd"
const STREET = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?\s+(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?\s+)?(?:(?:[A-Z][\p{L}'.-]*|\d{1,4}(?:st|nd|rd|th))\s+){0,4}${SUFFIX}\b\.?${UNIT}`,
  'gu',
);
const STREET_USPS = new RegExp(
  String.raw`\b\d{1,6}[A-Za-z]?\s+(?:(?:[NSEW]|North|South|East|West|NE|NW|SE|SW)\.?\s+)?(?:(?:[A-Z][\p{L}'.-]*|\d{1,4}(?:st|nd|rd|th))\s+){1,4}${USPS_SUFFIX}\b\.?${UNIT}`,
  'gu',
);
const PO_BOX = /\b(?:P\.?\s?O\.?\s?Box|Post Office Box|PSC|Box|Postbox|Post box|Postfach|Apartado|Casilla|Caixa Postal)\s+\d{1,6}\b/gi;
// A ship's name before its fleet post office line: "USS Mahler\nFPO AA 70489".
const SHIP = /\b(?:USS|USNS|USNV|USCGC)\s+[\p{L}][\p{L}\p{M}'’-]*(?:[ \t][\p{Lu}][\p{L}\p{M}'’-]*)?(?=\s*\r?\n?\s*(?:FPO|APO|DPO)\s)/giu;
// Lower-case street with a unit after it ("3911 fourth avenue suite 112"): the unit is the
// evidence that "3 miles down the road" lacks.
const STREET_LOWER_UNIT = /\b\d{1,6}\s+(?:[a-z][a-z'.-]*\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|circle|parkway|highway|trail)\.?,?\s+(?:apt|apartment|suite|ste|unit)\.?\s*#?[a-z0-9-]+\b/g;
const MILITARY = /\b(?:APO|FPO|DPO)\s+(?:AA|AE|AP)\s+\d{5}\b/gi;
const UNIT_ALONE = /\b(?:Apt|Apartment|Suite|Ste|Unit)\.?\s*#?\d{1,5}[A-Za-z]?\b/g;
const STATE_ALT = [...STATE_ABBR].join('|');
const STATE_FULL = [...STATE_NAMES].map((s) => s.charAt(0).toUpperCase() + s.slice(1)).concat(['New York', 'New Jersey', 'New Mexico', 'New Hampshire', 'North Carolina', 'South Carolina', 'North Dakota', 'South Dakota', 'Rhode Island', 'West Virginia']).join('|');
// Two-letter states that are also English words or common abbreviations.
const AMBIGUOUS_STATE = new Set(['IN', 'OR', 'ME', 'OK', 'HI', 'ID', 'OH', 'PA', 'MA', 'AL', 'DE', 'LA', 'CO', 'MD', 'MS', 'DC', 'PR', 'SC', 'ND', 'NE', 'MI', 'MO', 'MT', 'VA', 'WA']);
// ", Springfield, IL 62704" and "Boston, MA" after an address or on its own.
const CITY_STATE = new RegExp(String.raw`\b([A-Z][\p{L}.'-]+(?:\s[A-Z][\p{L}.'-]+){0,3}),\s*(${STATE_ALT}|${STATE_FULL})\b\.?(?:,?\s*(\d{5}(?:-\d{4})?))?`, 'gu');
const STATE_ZIP = new RegExp(String.raw`\b(${STATE_ALT})\.?,?\s+(\d{5}(?:-\d{4})?)(?![\d-])`, 'g');
const ZIP_CUE = /\b(?:zip|zip code|zipcode|postal code|postcode|post code)\s*(?:is|:|#)?\s*(\d{5}(?:-\d{4})?|\d{3} \d{2}(?!\d)|\d{2}-\d{3}(?!\d)|\d{4} ?[A-Z]{2}(?![A-Za-z])|\d{3,4}(?:[- ]\d{3})?|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b/gi;
const ZIP_PLUS4 = /(?<![\w-])\d{5}-\d{4}(?![\w-])/g;
const COUNTY = /\b(?:[A-Z][\p{L}'.-]+\s){1,3}(?:County|Parish|Borough|Township|Twp)\b/gu;
const SAINT = /\b(?:St|Mt|Saint|Mount|Ste)\.?\s+[A-Z][\p{L}-]+(?:['’]s)?(?:\s+(?:[A-Z][\p{L}]+\s+)?(?:Hospital|Medical Center|Clinic|Health(?: Center| System)?|Regional|Memorial|Behavioral Health|Infirmary))?/gu;
const KNOWN_FACILITY = /\b(?:Memorial Sloan[- ]Kettering(?: Cancer Center)?|Columbia Presbyterian|NY-Presbyterian|New York-Presbyterian|Stanford Health Care|BronxCare|Northwestern(?: Medicine| Memorial)?|John Hopkins|Johns Hopkins|Cedars?[- ]Sinai|Mayo Clinic|Cleveland Clinic|NYU Langone|Kaiser Permanente|Mass(?:achusetts)? General|Sloan[- ]Kettering|MD Anderson|Baylor Scott (?:&|and) White|Geisinger|Bellevue|Intermountain|Ochsner|Northwell|Brigham (?:and|&) Women['’]s|Beth Israel(?: Deaconess)?|NewYork-Presbyterian|(?:NY|New York) Presbyterian|Montefiore|Vanderbilt University Medical Center|Parkland|UCSF|UCLA|UPMC|UWMC|OHSU|NYU|NYC)(?:\s+(?:Hospital|Medical Center|Clinic|Health|Health System))*(?:\s+(?:med(?:ical)? center|clinic|hospital|office|branch|ER|ED|campus))?\b/g;
// A street named without a number: "lives on Elm Street".
const NAMED_STREET = /\b(?:[A-Z][a-z]+\s){1,2}(?:Street|Avenue|Road|Boulevard|Lane|Drive|Parkway|Highway)\b/g;
const GROUP_PRACTICE = /\b(?:[A-Z][\p{L}]+\s){1,3}(?:Medical|Health|Behavioral Health|Counseling|Psychiatric)\s(?:Group|Associates|Partners|System|Network|Services)\b/gu;
// Generic nouns that follow a place name and belong to the reference ("our Dallas office").
const PLACE_TAIL = new Set(['clinic', 'hospital', 'office', 'facility', 'branch', 'campus', 'center', 'er', 'location', 'city']);
const STREET_SUFFIX_WORDS = new Set(['street', 'st', 'avenue', 'ave', 'road', 'rd', 'boulevard', 'blvd', 'lane', 'ln', 'drive', 'dr', 'court', 'ct', 'place', 'pl', 'way']);
const CITY_CUES = new Set(['in', 'at', 'from', 'to', 'near', 'outside', 'around', 'moved', 'visiting', 'visit', 'lives', 'live', 'lived', 'living', 'towards', 'toward', 'via', 'downtown', 'of', 'into', 'back']);
const DETERMINERS = new Set(['the', 'a', 'an', 'our', 'my', 'his', 'her', 'their', 'this', 'that', 'your', 'its', 'at', 'in', 'to', 'from']);

export function detectAddresses(text: string, out: Candidate[]): void {
  const hasDigit = /\d/.test(text);
  if (hasDigit) detectNumberedAddresses(text, out);
  detectCorners(text, out);
  detectNamedPlaces(text, out);
}

/** Street numbers, boxes, units, ZIP codes: nothing here can match a text without digits. */
function detectNumberedAddresses(text: string, out: Candidate[]): void {
  const streets: Array<{ start: number; end: number }> = [];
  const street = (m: RegExpExecArray, confidence: number, priority: number): void => {
    out.push(candidate(text, m.index, m.index + m[0].length, 'ADDRESS', confidence, priority));
    streets.push({ start: m.index, end: m.index + m[0].length });
  };
  for (const m of all(STREET, text)) street(m, 0.9, PRIORITY.address);
  for (const m of all(STREET_USPS, text)) street(m, 0.85, PRIORITY.address);
  for (const m of all(PO_BOX, text)) street(m, 0.85, PRIORITY.address);
  if (/[ADF]PO\s/i.test(text)) {
    for (const m of all(MILITARY, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'ADDRESS', 0.9, PRIORITY.address));
    for (const m of all(SHIP, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'ADDRESS', 0.85, PRIORITY.address));
  }
  for (const m of all(STREET_LOWER_UNIT, text)) street(m, 0.8, PRIORITY.address);
  for (const m of all(UNIT_ALONE, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'ADDRESS', 0.7, PRIORITY.address - 1));
  detectAddressBlocks(text, streets, out);
  for (const m of all(STATE_ZIP, text)) {
    const z = m[2] ?? '';
    const s = m.index + m[0].length - z.length;
    // "Medicaid ID 99887": ID, IN, OR... are also words; an identifier keyword before wins.
    if (AMBIGUOUS_STATE.has(m[1] ?? '') && typeFromContext(text, s) !== undefined) continue;
    out.push(candidate(text, s, s + z.length, 'ZIP', 0.95, PRIORITY.contextual + 1));
  }
  for (const m of all(ZIP_CUE, text)) {
    const z = m[1] ?? '';
    const s = m.index + m[0].length - z.length;
    out.push(candidate(text, s, s + z.length, 'ZIP', 0.95, PRIORITY.contextual + 1));
  }
  for (const m of all(ZIP_PLUS4, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'ZIP', 0.8, PRIORITY.contextual - 3));
}

/** Counties, facilities, named streets and "City, ST" pairs. */
function detectNamedPlaces(text: string, out: Candidate[]): void {
  // Cheap substring checks first: most texts hold none of these words, and the full patterns
  // cost more than the check on short texts.
  if (/County|Parish|Borough|Township|Twp/.test(text)) for (const m of all(COUNTY, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'LOCATION', 0.85, PRIORITY.facility));
  if (/\b(?:St|Mt|Saint|Mount|Ste)\b/.test(text)) for (const m of all(SAINT, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'LOCATION', 0.75, PRIORITY.facility));
  if (/Street|Avenue|Road|Boulevard|Lane|Drive|Parkway|Highway/.test(text)) for (const m of all(NAMED_STREET, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'ADDRESS', 0.7, PRIORITY.address - 2));
  if (/Group|Associates|Partners|System|Network|Services/.test(text)) for (const m of all(GROUP_PRACTICE, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'LOCATION', 0.8, PRIORITY.facility));
  for (const m of all(KNOWN_FACILITY, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'LOCATION', 0.9, PRIORITY.facility + 1));

  // Every state name and abbreviation is capitalised: no ", X", no "City, ST".
  const commaCapital = /,\s*[A-Z]/.test(text);
  CITY_STATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (commaCapital && (m = CITY_STATE.exec(text)) !== null) {
    // On rejection, retry from the next word: "Elm Street, New York, NY" must still find
    // "New York, NY" after "Elm Street, New York" is refused.
    const retry = m.index + (m[0].search(/\s/) > 0 ? m[0].search(/\s/) : m[0].length);
    const city = m[1] ?? '';
    const state = m[2] ?? '';
    const isState = STATE_ABBR.has(state) || STATE_NAMES.has(state.toLowerCase());
    if (!isState) {
      CITY_STATE.lastIndex = retry;
      continue;
    }
    const d = dictionaries();
    // The first word may be a sentence opener ("Moved to Boston, MA"): keep the known city tail.
    const words = city.split(/\s+/);
    let cStart = -1;
    for (let k = 0; k < words.length; k++) {
      const tail = words.slice(k).join(' ');
      if (d.cities.has(tail.toLowerCase())) {
        cStart = m.index + city.length - tail.length;
        break;
      }
    }
    if (cStart < 0) {
      // Unknown town: accept only one or two capitalised non-words before an unambiguous state.
      const last = (words[words.length - 1] ?? '').toLowerCase();
      if (words.length > 2 || AMBIGUOUS_STATE.has(state) || d.commonWords.has(last) || d.firstNames.has(last)) {
        CITY_STATE.lastIndex = retry;
        continue;
      }
      cStart = m.index;
    }
    const stateEnd = m.index + m[0].indexOf(state, city.length) + state.length;
    out.push(candidate(text, cStart, stateEnd, 'LOCATION', 0.9, PRIORITY.address));
    if (m[3]) {
      const z = m.index + m[0].length - m[3].length;
      out.push(candidate(text, z, z + m[3].length, 'ZIP', 0.95, PRIORITY.contextual));
    }
  }
}

const FACILITY_TAIL_ONLY = new Set(['center', 'centre', 'ctr', 'cntr', 'care', 'office', 'er', 'va', 'hosp', 'health', 'medical', 'med']);

/** "Children's Hospital of Philadelphia", "Children's Hospital Boston": the place belongs to the name. */
function extendFacility(tokens: readonly Token[], k: number): number {
  const d = dictionaries();
  const a = tokens[k + 1];
  const b = tokens[k + 2];
  if (a !== undefined && a.lower === 'of' && a.gap === ' ' && b !== undefined && b.cap && b.gap === ' ') {
    let j = k + 2;
    while (j + 1 < tokens.length && (tokens[j + 1] as Token).cap && (tokens[j + 1] as Token).gap === ' ') j++;
    return (tokens[j] as Token).end;
  }
  if (a !== undefined && a.cap && a.gap === ' ' && d.cities.has(a.lower)) return a.end;
  return (tokens[k] as Token).end;
}

/** Cities from the dictionary and capitalised runs ending in a facility word. */
export function detectPlaces(text: string, tokens: readonly Token[], out: Candidate[]): void {
  const d = dictionaries();
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i] as Token;
    if (!(t.cap || t.allCaps)) {
      // Lower-case town after a place word in messages: "wedding is in boise".
      const p = tokens[i - 1];
      if (p !== undefined && CITY_CUES.has(p.lower) && p.lower !== 'of' && p.lower !== 'to' && t.word.length >= 4 && d.cities.has(t.lower) && !d.commonWords.has(t.lower) && !d.firstNames.has(t.lower) && !CLINICAL_TERMS.has(t.lower) && !COUNTRIES.has(t.lower) && !STATE_NAMES.has(t.lower)) {
        out.push(candidate(text, t.start, t.end, 'LOCATION', 0.6, PRIORITY.location));
      }
      continue;
    }
    // "Dr. Thornton's office" is a person, even when Thornton is also a town.
    const before = i > 0 ? (tokens[i - 1] as Token) : undefined;
    if (before !== undefined && TITLES.has(before.lower) && /^\.?\s$/.test(t.gap)) continue;

    const f = facilityAt(text, tokens, i, out);
    if (f >= 0) {
      i = f;
      continue;
    }

    // Longest dictionary city starting here (up to four words joined by single spaces).
    let cityEnd = -1;
    let key = t.lower;
    if (d.cities.has(key)) cityEnd = i;
    for (let j = i + 1; j < n && j < i + 4; j++) {
      const u = tokens[j] as Token;
      if (u.gap !== ' ' || !(u.cap || u.allCaps)) break;
      key += ' ' + u.lower;
      if (d.cities.has(key)) cityEnd = j;
    }
    if (cityEnd >= 0 && !CLINICAL_TERMS.has(t.lower) && !COUNTRIES.has(t.lower) && !(t.lower === 'united' || t.lower === 'new' && COUNTRIES.has((tokens[i + 1] as Token | undefined)?.lower ?? ''))) {
      const multi = cityEnd > i;
      const prev = i > 0 ? (tokens[i - 1] as Token) : undefined;
      const cue = prev !== undefined && ((CITY_CUES.has(prev.lower) && /^\s+$/.test(t.gap)) || (/^,\s*$/.test(t.gap) && (STREET_SUFFIX_WORDS.has(prev.lower) || FACILITY_HEADS.has(prev.lower))));
      const nextTok = cityEnd + 1 < n ? (tokens[cityEnd + 1] as Token) : undefined;
      const eponym = nextTok !== undefined && EPONYM_NEXT.has(nextTok.lower);
      const stateAfter = nextTok !== undefined && /^,\s*$/.test(nextTok.gap) && (STATE_ABBR.has(nextTok.word) || STATE_NAMES.has(nextTok.lower));
      const ambiguous = d.firstNames.has(t.lower) || d.commonWords.has(t.lower) || STATE_NAMES.has(t.lower) || (d.surnameRank.get(t.lower) ?? 1e9) <= 3000;
      const facilityAfter = nextTok !== undefined && FACILITY_HEADS.has(nextTok.lower) && nextTok.cap;
      // "Alice Brown": a given name followed by a surname is a person, not the town of Alice.
      const personAfter = !multi && d.firstNames.has(t.lower) && nextTok !== undefined && nextTok.gap === ' ' && nextTok.cap && d.surnameRank.has(nextTok.lower);
      let last = cityEnd;
      // "our Austin branch", "Dallas facility": the generic noun belongs to the place reference.
      const tailAfter = nextTok !== undefined && PLACE_TAIL.has(nextTok.lower) && nextTok.gap === ' ' && (!nextTok.cap || (multi && nextTok.lower === 'city'));
      if (tailAfter) last++;
      const accept = !facilityAfter && !eponym && !personAfter && ((multi && !(t.sentenceStart && d.commonWords.has(t.lower))) || cue || stateAfter || tailAfter || (!ambiguous && !t.sentenceStart));
      if (accept) {
        const end = (tokens[last] as Token).end;
        if (!(STATE_NAMES.has(key) && !stateAfter)) {
          out.push(candidate(text, t.start, end, 'LOCATION', multi || !ambiguous ? 0.85 : 0.7, PRIORITY.location));
        }
        i = last;
        continue;
      }
    }
  }
}

/** A capitalised run ending in a facility word, starting at token i; returns its last token or -1. */
function facilityAt(text: string, tokens: readonly Token[], i: number, out: Candidate[]): number {
  const d = dictionaries();
  const n = tokens.length;
  const t = tokens[i] as Token;
  // Facility: "Lakeside Clinic", "Good Samaritan Hospital", "Houston clinic", "UCLA Med Ctr".
  if (FACILITY_HEADS.has(t.lower)) {
    // "General Hospital", "Memorial Clinic": two capitalised facility words mid-sentence.
    const u = tokens[i + 1];
    if (t.cap && !t.sentenceStart && u !== undefined && u.cap && u.gap === ' ' && FACILITY_HEADS.has(u.lower) && !FACILITY_TAIL_ONLY.has(t.lower)) {
      let k = i + 1;
      while (k + 1 < n && FACILITY_HEADS.has((tokens[k + 1] as Token).lower) && (tokens[k + 1] as Token).gap === ' ') k++;
      out.push(candidate(text, t.start, extendFacility(tokens, k), 'LOCATION', 0.75, PRIORITY.facility));
      return k;
    }
    return -1;
  }
  let j = i;
  let sawOwnWord = false;
  while (j < n && j < i + 6) {
    const u = tokens[j] as Token;
    if (j > i && !(u.gap === ' ' || u.gap === ' & ' || u.gap === '-' || u.gap === '. ')) break;
    if (FACILITY_HEADS.has(u.lower)) break;
    if (!(u.cap || u.allCaps || (j > i && (u.lower === 'of' || u.lower === 'and')))) break;
    sawOwnWord = true;
    j++;
  }
  if (!sawOwnWord || j >= n) return -1;
  let k = j;
  while (k < n && FACILITY_HEADS.has((tokens[k] as Token).lower) && /^\s+$|^\. $/.test((tokens[k] as Token).gap)) k++;
  if (k === j) return -1;
  // Lower-case "clinic" only after a known city ("Houston clinic"), not after a sentence's
  // first word ("Standard care").
  const headTok = tokens[j] as Token;
  if (!headTok.cap && (!d.cities.has(tokens.slice(i, j).map((x) => x.lower).join(' ')) || (t.sentenceStart && d.commonWords.has(t.lower)))) return -1;
  let s = i;
  while (s < j && DETERMINERS.has((tokens[s] as Token).lower)) s++;
  if (s === j) return -1;
  out.push(candidate(text, (tokens[s] as Token).start, extendFacility(tokens, k - 1), 'LOCATION', 0.8, PRIORITY.facility));
  return k - 1;
}
