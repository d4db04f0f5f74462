import { dictionaries } from '../dictionaries/index.js';
import { CLINICAL_TERMS, COUNTRIES, MONTHS, STATE_ABBR, STATE_NAMES, TOWN_PREFIX } from '../dictionaries/lexicon.js';
import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { all } from './scan.js';
import { LOCALITY_AFTER } from './street-words.js';

// International street forms, where the house number follows the street name.
// Street-type words written as a separate word after the name ("Erzsébet tér 19.",
// "Villacher Strasse 89", "Trenerys gate 232", "Piroska u. 97.").
const TYPE_AFTER = String.raw`(?:Strasse|Straße|Str\.|str\.?|Gasse|Weg|Allee|Platz|Gate|gate|Gata|gata|Gatan|gatan|Vej|vej|Vegen|vegen|Veien|veien|Laan|laan|Straat|straat|Utca|utca|u\.|út|útja|tér|körút|Street|Road|Avenue|Lane|Drive|Ulica|ulica|ulice|náměstí|třída|cesta|Cesta|katu|tie|Tie|Katu)`;
// Street-type words before the name ("Via Franscini 71", "ul. Słowicza 10", "Rue Gafsa 62").
const TYPE_BEFORE = String.raw`(?:Via|Viale|Vicolo|Corso|Piazza|Largo|Strada|Rua|Travessa|Avenida|Av\.?|C\/|Calle|Carrer|Camino|Paseo|Plaza|Praça|Rue|Avenue|Boulevard|Bd|Chemin|Place|Allée|Impasse|Quai|ul\.|ulica|al\.|aleja|Λ\.|Οδός|Odos|Rruga|Bulevar|Ulitsa|Prospekt)`;
// Street-type endings glued to the name ("Koskikatu", "Hammarvägen", "Søndergade", "Bundesstrasse").
const GLUED = String.raw`(?:strasse|straße|gasse|weg|allee|platz|damm|ring|gatan|vägen|väg|gata|gade|vej|vænget|vegen|veien|veg|katu|tie|kuja|polku|tee|laan|straat|gracht|plein|utca|ulica|stræti|straeti|braut|gränd|stigen|backen|torget|torv|sti)`;
const WORD = String.raw`[\p{L}][\p{L}\p{M}'’.-]*`;
const HOUSE = String.raw`\d{1,5}[A-Za-z]?\.?(?![\d])`;

// The street part before a house number; tested only on the few characters before each number
// (a whole-text scan for word-then-suffix shapes costs more than every other detector).
const STREET_BEFORE_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{M}'’.-])(?:` +
    [
      String.raw`(?:${WORD}\s){0,3}${TYPE_AFTER}`,
      String.raw`${TYPE_BEFORE}\s(?:${WORD}\s){0,4}?${WORD}`,
      // "Brucker Bundesstrasse": a capitalised word before the glued name belongs to it.
      String.raw`(?:[\p{Lu}][\p{L}\p{M}'’-]*\s)?[\p{L}][\p{L}\p{M}'’-]*${GLUED}`,
    ].join('|') +
    String.raw`)\s$`,
  'u',
);
const TYPE_AFTER_WORD = new RegExp(String.raw`^${TYPE_AFTER}$`);
const GLUED_END = new RegExp(String.raw`..${GLUED}$`, 'i');
const TYPE_BEFORE_ANY = new RegExp(String.raw`(?:^|\s)${TYPE_BEFORE}\s`);
const HOUSE_NUMBER = new RegExp(String.raw`(?<=[\p{L}.][ \t])${HOUSE}`, 'gu');
// "6750 Koskikatu 25", "10252 Μεγάλη Άμμος 184": a building number, a name, a house number.
const NUMBER_NAME_NUMBER = new RegExp(String.raw`(?<![\d.,:/-])\d{1,6}\s((?:${WORD}\s){0,2}${WORD})\s(\d{1,5}[A-Za-z]?\.?)(?![\d:/.-]\d)`, 'gu');
// Number first, then a street-type word of a Romance language and the name
// ("63 Rue de Kairouan", "33 avenue de Provence", "26 rue des lieutemants Thomazo").
const NUMBER_TYPE_NAME = /(?<![\d.,:/-])\d{1,5},?\s(?:Rue|Avenue|Boulevard|Bd|Chemin|Allée|Impasse|Quai|Via|Viale|Vicolo|Calle|Rua|Avenida|Av\.?|(?:rue|avenue|boulevard|chemin|allée|impasse|quai|via|calle|rua|avenida)(?=\s(?:(?:de|du|des|la|le|del|do|da|dos)\s|[ld]['’]|\p{Lu})))\s(?:(?:de|du|des|la|le|del|dos|da|do|di|della)\s|[ld]['’])*[\p{L}][\p{L}\p{M}'’.-]*(?:[ \t](?:(?:de|du|des|la|le|del|dos|da|do|di|della|el|al)|(?!(?:Apt|Apartment|Suite|Ste|Unit)\b)[\p{Lu}][\p{L}\p{M}'’.-]*|[\p{Ll}][\p{L}\p{M}'’-]*(?=[ \t][\p{Lu}]))){0,4}/gu;
// One to three capitalised words right before a number: a street named without a street-type word.
const NAME_BEFORE_NUMBER = /(?<![\p{L}\p{M}\d'’.-])(?:[\p{Lu}][\p{L}\p{M}'’.-]*[ \t]){1,3}$/u;
// Words before "Name 12" that say an address follows.
const ADDRESS_CUE = /(?:address(?:es)?(?: is| was)?|lives? (?:at|on)|living at|located at|is at|sent to|send (?:it|them)? ?to|deliver(?:ed)? to|moved to|meet (?:me|you) at|station is on|drops? you off at)\s*:?\s*$/i;
// "the corner of A and B": both streets, whatever their form.
const CORNER = /\bcorner of ((?:[\p{L}\d][\p{L}\p{M}\d'’.-]*\s){0,5}?[\p{L}\d][\p{L}\p{M}\d'’.-]*) and ((?:[\p{L}\d][\p{L}\p{M}\d'’.-]*)(?:\s[\p{L}\d][\p{L}\p{M}\d'’.-]*){0,3}?)(?=\s*(?:[.,;!?)\n]|$))/gu;

const UNIT = /^(?:Apt|Apartment|Suite|Ste|Unit|Room|Rm|Floor|Fl|Bldg|Building)\.?\s*#?[A-Za-z0-9-]{1,6}\b/i;
const POSTAL = /^(?:\d{5}-\d{4}|\d{3} \d{2}(?!\d)|\d{2}-\d{3}(?!\d)|\d{4}-\d{3}(?!\d)|\d{4} ?[A-Z]{2}\b|[A-Z]\d[A-Z] ?\d[A-Z]\d\b|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\d{3,6}(?![\d/-]|[.:,]\d))/;
// What may separate the lines of an address written on one line or several.
const SEP = /^(?:[ \t]*(?:,|>|\?{3}|\r?\n|[ \t]{2})[ \t]*(?:\r?\n[ \t]*)?(?:(?:>|\?{3})[ \t]*)?|[ \t])/;
const TOWN = /^[\p{Lu}][\p{L}\p{M}'’.-]*(?:[ -](?:(?:de|del|da|do|dos|das|di|la|le|les|nad|am|an|sur|en|y|i|van|von|op|aan|bei|im)[ -])?[\p{Lu}][\p{L}\p{M}'’.-]*){0,3}/u;
const LOWER_TOWN = /^[\p{Ll}][\p{L}\p{M}'’.-]+(?: [\p{Ll}])?(?![\p{L}])/u;
const STATE_SLOT = /^[A-Za-z]{2}(?![\p{L}\d])/u;
// A town line ends the address, or is followed by the state, the country or the postal code.
const TOWN_END = /^(?:$|\r?\n|[ \t]*[.?!;:)]|[ \t]*,|[ \t]{2}|[ \t]*>)/;
const EMPTY_SLOT = /^(?:nan|NaN|null|NULL|none|None|n\/a|N\/A)(?![\p{L}\d/])/u;
const FUNCTION_WORDS = new Set(['and', 'or', 'for', 'in', 'at', 'the', 'to', 'from', 'on', 'with', 'after', 'before', 'last', 'this', 'that', 'is', 'was']);

function countryAt(rest: string): number {
  const m = /^[\p{L}]+(?: [\p{L}]+)?(?: \([\p{L}]+\))?/u.exec(rest);
  if (!m) return 0;
  const words = m[0].split(' ');
  // "United Kingdom", "South Africa", "Cyprus (Greek)": try the longest first.
  for (let k = words.length; k > 0; k--) {
    const phrase = words.slice(0, k).join(' ');
    const last = (words[k - 1] ?? '').toLowerCase().replace(/[()]/g, '');
    if (k > 1 && /^\(/.test(words[k - 1] ?? '') && COUNTRIES.has((words[0] ?? '').toLowerCase())) return phrase.length;
    if (COUNTRIES.has(last) && (k === 1 || /^(?:united|south|north|new|czech|saudi|sri|costa|el|sierra|papua|puerto|dominican)$/i.test(words[0] ?? ''))) return phrase.length;
    if (k === 1 && STATE_NAMES.has(last)) return phrase.length;
  }
  return 0;
}

function isTownWord(w: string): boolean {
  const d = dictionaries();
  const l = w.toLowerCase();
  return !FUNCTION_WORDS.has(l) && !CLINICAL_TERMS.has(l) && !MONTHS.has(l) && !(d.commonWords.has(l) && !d.worldCities.has(l) && !d.cities.has(l));
}

/**
 * Extends a street address over what follows it on the envelope: units (inside the ADDRESS
 * span), the town line (a LOCATION span) and the postal code (a ZIP span). The state or province and the country are passed over
 * but stay outside the spans: they are not Safe Harbor identifiers.
 */
function extendBlock(text: string, start: number, end: number, out: Candidate[]): void {
  let e = end;
  let addrEnd = end;
  let sawTown = false;
  let sawZip = false;
  let afterStateOrCountry = false;
  // The street match may already hold the unit ("81 Thornton St Suite 451").
  let sawUnit = /\b(?:Apt|Apartment|Suite|Ste|Unit|Room)\.?\s*#?[A-Za-z0-9-]{1,6}$/i.test(text.slice(start, end));
  for (let guard = 0; guard < 8; guard++) {
    const rest = text.slice(e, e + 80);
    const sep = SEP.exec(rest);
    const sepLen = sep ? sep[0].length : 0;
    const strongSep = sep !== null && sep[0] !== ' ' && sep[0] !== '\t';
    const after = rest.slice(sepLen);
    const unit = UNIT.exec(after);
    // "... Maple St. She started": after a period and one space, a new sentence begins
    // (but "Rákóczi út 13. Suite 104" goes on with the unit).
    if (!strongSep && text.charAt(e - 1) === '.' && !unit) break;
    if (unit && !sawTown && !afterStateOrCountry) {
      e += sepLen + unit[0].length;
      addrEnd = e;
      sawUnit = true;
      continue;
    }
    const postal = sawZip ? null : POSTAL.exec(after);
    if (postal && (sawTown || afterStateOrCountry || strongSep)) {
      const s = e + sepLen;
      out.push(candidate(text, s, s + postal[0].length, 'ZIP', 0.85, PRIORITY.address));
      sawZip = true;
      if (!sawTown && !afterStateOrCountry) {
        // "2000 Antwerpen": a postal code before the town.
        const tail = after.slice(postal[0].length);
        const town = / [\p{Lu}][\p{L}\p{M}'’-]+/u.exec(tail);
        if (town && town.index === 0 && isTownWord(town[0].trim()) && TOWN_END.test(tail.slice(town[0].length))) {
          out.push(candidate(text, s + postal[0].length + 1, s + postal[0].length + town[0].length, 'LOCATION', 0.8, PRIORITY.address));
          sawTown = true;
        }
      }
      e = s + postal[0].length;
      continue;
    }
    if (!sep) break;
    const country = countryAt(after);
    if (country > 0 && (sawTown || strongSep)) {
      e += sepLen + country;
      afterStateOrCountry = true;
      continue;
    }
    const state = sawTown && !afterStateOrCountry ? STATE_SLOT.exec(after) : null;
    if (state && (STATE_ABBR.has(state[0]) || /^\s*(?:\d|$|\r?\n)/.test(after.slice(2)))) {
      e += sepLen + state[0].length;
      afterStateOrCountry = true;
      continue;
    }
    // "Tujetsch  nan  7188": a slot left empty by a spreadsheet export is passed over.
    const empty = EMPTY_SLOT.exec(after);
    if (empty && (sawTown || afterStateOrCountry)) {
      e += sepLen + empty[0].length;
      continue;
    }
    if (sawTown || afterStateOrCountry) break;
    let town = TOWN.exec(after);
    if (!town && strongSep) town = LOWER_TOWN.exec(after);
    if (!town) break;
    // "OULU NO. I now live": a period that ends a word (not "St. Gallen") ends the sentence.
    const stop = /(?<![\p{L}](?:St|Mt|Ft|Pt|Ste|Sta|Sto))\.\s/u.exec(town[0]);
    const townMatch = stop ? town[0].slice(0, stop.index) : town[0];
    let words = townMatch.split(/[ -]/);
    // "Aalborg NO 9100": a two-letter state or province slot is not part of the town.
    while (words.length > 1 && /^[A-Z]{2}$/.test(words[words.length - 1] ?? '') && !/^[\p{Lu}\s-]+$/u.test(townMatch)) words = words.slice(0, -1);
    // "Coalville South Africa": the town stops where the country starts.
    for (let k = 1; k < words.length; k++) {
      if (countryAt(words.slice(k).join(' ')) > 0) {
        words = words.slice(0, k);
        break;
      }
    }
    const townText = townMatch.slice(0, words.join(' ').length);
    // After a single space, a short capitalised word is more often an abbreviation ("BP 120/80").
    if (!strongSep && townText.length < 4) break;
    const knownTown = dictionaries().worldCities.has(townText.toLowerCase()) || dictionaries().cities.has(townText.toLowerCase());
    // Right after "Apt. 934" or "Suite 274" on one line, the town comes next: a town the lists
    // hold, or a word in capitals as envelopes write it ("OULU", "HUTTON HENRY").
    const townAfterUnit = sawUnit && !/^[-\d]/.test(after.slice(townText.length)) && (knownTown || (/^[\p{Lu}][\p{Lu}\s'’-]*[\p{Lu}]$/u.test(townText) && townText.length >= 3 && words.every((w) => w.length <= 2 || isTownWord(w))));
    if (!knownTown && !townAfterUnit && !words.every((w, k) => w.length === 0 || isTownWord(w) || (k === 0 && words.length > 1 && TOWN_PREFIX.has(w.toLowerCase())) || /^(?:de|del|da|do|dos|das|di|la|le|les|nad|am|an|sur|en|y|i|van|von|op|aan|bei|im)$/.test(w))) break;
    const follow = after.slice(townText.length);
    const stateThenPostal = /^,? [A-Z]{2},? \d/.test(follow);
    const stateAfterUnit = sawUnit && /^ [A-Z]{2}(?![\p{L}\d])/u.test(follow);
    if (!(TOWN_END.test(follow) || stateThenPostal || townAfterUnit || stateAfterUnit || countryAt(follow.trimStart()) > 0 || POSTAL.test(follow.trimStart()) || (strongSep && /^ /.test(follow)))) break;
    // The town is a place of its own (a LOCATION span), as "City, ST" is elsewhere.
    out.push(candidate(text, e + sepLen, e + sepLen + townText.length, 'LOCATION', 0.8, PRIORITY.address));
    e += sepLen + townText.length;
    sawTown = true;
  }
  if (addrEnd > end) out.push(candidate(text, start, addrEnd, 'ADDRESS', 0.8, PRIORITY.address));
}

/** A building number right before the street ("1987 74 Diakou Street", "846 31 Rue ..."). */
function leadingNumber(text: string, start: number): number {
  const m = /(?<![\d.,:/-])\d{1,6} $/.exec(text.slice(Math.max(0, start - 8), start));
  return m ? start - m[0].length : start;
}

function plausibleStreetName(name: string): boolean {
  const d = dictionaries();
  const words = name.split(/\s+/);
  const last = (words[words.length - 1] ?? '').toLowerCase();
  if (words.some((w) => FUNCTION_WORDS.has(w.toLowerCase()) || MONTHS.has(w.toLowerCase().replace(/\.$/, '')) || CLINICAL_TERMS.has(w.toLowerCase()))) return false;
  // "Session 12", "week 3", "Room 4": a counted ordinary word, not a street.
  return !(d.commonWords.has(last) && !/^\p{Lu}/u.test(words[0] ?? ''));
}

/**
 * After an address cue, a street named without a street-type word, then its number
 * ("The bus station is on Peter Zuidhove 188", "lives on Grössgstötten 50 street").
 */
function cuedStreet(text: string, from: number, window: string, h: RegExpExecArray, prevWord: string): [number, number] | null {
  // Most numbers follow a lower-case word ("of 14", "aged 45"): no street name then.
  const c = prevWord.charCodeAt(0);
  if (!(c >= 65 && c <= 90) && !(c > 127 && /^\p{Lu}/u.test(prevWord))) return null;
  const named = NAME_BEFORE_NUMBER.exec(window);
  if (!named) return null;
  const start = from + named.index;
  const name = named[0].trim();
  const digits = /^\d+/.exec(h[0])?.[0] ?? '';
  const after = text.slice(h.index + h[0].length, h.index + h[0].length + 10);
  if (/^[:/,-]?\d|^\.\d/.test(after) || !ADDRESS_CUE.test(text.slice(Math.max(0, start - 40), start)) || !plausibleStreetName(name)) return null;
  // "meet me at Starbucks 5 pm", "on Lexapro 10 mg": a time or a dose, not a house number.
  if (/^\s?(?:am|pm|a\.m|p\.m|o'clock|mg|mcg|ml|g|%|min|minutes|hours?|days?|weeks?|times)\b/i.test(after)) return null;
  const d = dictionaries();
  if (name.split(/\s+/).every((w) => d.commonWords.has(w.toLowerCase().replace(/\.$/, '')))) return null;
  // "moved to Bjert 6091": one word and four digits or more read as a town and its postal
  // code, left to the town detector.
  if (!/\s/.test(name) && digits.length >= 4) return null;
  if (d.worldCities.has(name.toLowerCase()) || d.cities.has(name.toLowerCase())) return null;
  return [start, h.index + digits.length + (/^\d+[A-Za-z]/.test(h[0]) ? 1 : 0)];
}

/**
 * International street addresses and the lines after any street address. `streets` are the
 * spans the US street patterns found; each is extended over its address block too.
 */
export function detectAddressBlocks(text: string, streets: ReadonlyArray<{ start: number; end: number }>, out: Candidate[]): void {
  const found: Array<[number, number]> = streets.map((s) => [leadingNumber(text, s.start), s.end]);
  for (const h of all(HOUSE_NUMBER, text)) {
    const from = Math.max(0, h.index - 70);
    const window = text.slice(from, h.index);
    // Cheap checks first: the word before the number is a street type, or ends like one, or a
    // street-type word opens the window. Most numbers (dates, doses, scores) stop here.
    const prevWord = window.slice(window.trimEnd().lastIndexOf(' ', window.length - 2) + 1).trim();
    if (!TYPE_AFTER_WORD.test(prevWord) && !GLUED_END.test(prevWord) && !TYPE_BEFORE_ANY.test(window)) {
      const cued = cuedStreet(text, from, window, h, prevWord);
      if (cued) found.push(cued);
      continue;
    }
    const street = STREET_BEFORE_NUMBER.exec(window);
    if (!street) continue;
    // The regex starts at the leftmost word it can: drop leading words that cannot begin a
    // street name ("is on Quuxová utca 7." -> "Quuxová utca 7.").
    let sIdx = from + street.index;
    for (;;) {
      const w = /^(\S+)\s/.exec(text.slice(sIdx, h.index));
      if (!w || sIdx + (w[0].length) >= h.index) break;
      const lw = (w[1] ?? '').toLowerCase();
      if (!(FUNCTION_WORDS.has(lw) || (/^\p{Ll}/u.test(w[1] ?? '') && dictionaries().commonWords.has(lw)))) break;
      const restWords = text.slice(sIdx + w[0].length, h.index).trim().split(/\s+/);
      if (restWords.length < 2 && !GLUED_END.test(restWords[0] ?? '')) break;
      sIdx += w[0].length;
    }
    const m = { index: sIdx, 0: text.slice(sIdx, h.index + h[0].length) };
    const words = m[0].split(/\s+/);
    if (!plausibleStreetName(words.slice(0, -1).join(' ')) && !/^\p{Lu}/u.test(m[0])) continue;
    // "During 1971", "Spring 2020": an English word that merely ends like a street type.
    if (words.length === 2 && dictionaries().commonWords.has((words[0] ?? '').toLowerCase())) continue;
    // After an address cue, capitalised words before the street belong to it ("on C. Beerninckstraat 88").
    const cued = cuedStreet(text, from, window, h, prevWord);
    found.push([leadingNumber(text, cued && cued[0] < m.index ? cued[0] : m.index), m.index + m[0].length]);
  }
  for (const m of all(NUMBER_TYPE_NAME, text)) {
    // Trailing connectors belong to no street ("... de").
    const trimmed = m[0].replace(/(?:[ \t](?:de|du|des|la|le|del|dos|da|do|di|della|el|al))+$/u, '');
    found.push([leadingNumber(text, m.index), m.index + trimmed.length]);
  }
  for (const m of all(NUMBER_NAME_NUMBER, text)) {
    const name = m[1] ?? '';
    const cue = ADDRESS_CUE.test(text.slice(Math.max(0, m.index - 40), m.index));
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const blockAfter = /^(?:,\s*[\p{L}]|\s*\r?\n|[ \t]{2}|\s*>|\s+(?:Apt|Apartment|Suite|Ste|Unit)\b)/iu.test(rest);
    if (!(cue || blockAfter) || !plausibleStreetName(name)) continue;
    const d = dictionaries();
    if (name.split(/\s+/).every((w) => d.commonWords.has(w.toLowerCase()))) continue;
    found.push([m.index, m.index + m[0].length]);
  }
  for (const [s, e0] of found) {
    const loc = LOCALITY_AFTER.exec(text.slice(e0, e0 + 60));
    const e = loc ? e0 + loc[0].length : e0;
    out.push(candidate(text, s, e, 'ADDRESS', 0.8, PRIORITY.address));
    extendBlock(text, s, e, out);
  }
}

/** "the corner of A and B": the phrase and both streets, whatever their form. */
export function detectCorners(text: string, out: Candidate[]): void {
  if (!text.includes('corner of')) return;
  for (const m of all(CORNER, text)) {
    const a = m[1] ?? '';
    const b = m[2] ?? '';
    const cap = (x: string): boolean => /^[\p{Lu}\d]/u.test(x) || /\d/.test(x);
    if (!cap(a) && !cap(b) && !/\d/.test(a + b)) continue;
    // "the corner of A and B" names one place as a whole: the phrase goes with the streets.
    const the = /\bthe\s+$/i.exec(text.slice(Math.max(0, m.index - 6), m.index));
    const s = the ? m.index - the[0].length : m.index;
    out.push(candidate(text, s, m.index + m[0].length, 'ADDRESS', 0.8, PRIORITY.address));
  }
}
