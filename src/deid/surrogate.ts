import { createHmac, randomBytes } from 'node:crypto';
import { dictionaries } from './dictionaries/index.js';
import { MONTH_NAMES, MONTHS, WEEKDAYS } from './dictionaries/lexicon.js';
import type { PhiType, Span } from './types.js';
import { safeZip3 } from './zip3.js';

export interface SurrogateOptions {
  /** Key for the deterministic choices; the same key gives the same surrogates. Random by default. */
  secret?: string | Uint8Array;
  /** Days added to every date of this subject; derived from the secret when absent (never 0). */
  dateShiftDays?: number;
  /** Keep the first three ZIP digits when HHS allows it (restricted prefixes become 000). */
  keepZip3?: boolean;
}

const DAY_MS = 86_400_000;
const FACILITY_WORDS = /^(?:hospital|clinic|center|centre|medical|health|memorial|regional|general|infirmary|county|parish|borough|township|st|street|ave|avenue|rd|road|blvd|boulevard|ln|lane|dr|drive|ct|court|pl|place|way|apt|apartment|suite|ste|unit|box|po|p|o|the|of|and)$/i;

function matchCase(template: string, word: string): string {
  if (template.length > 1 && template === template.toUpperCase()) return word.toUpperCase();
  if (template.charAt(0) === template.charAt(0).toLowerCase()) return word.toLowerCase();
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function ordinal(n: number): string {
  const t = n % 100;
  if (t >= 11 && t <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
}

/**
 * Realistic, format-preserving replacements. One generator = one batch: the same original
 * always gets the same surrogate, and all dates move by the same offset so intervals survive.
 */
export class SurrogateGenerator {
  private readonly key: Uint8Array;
  private readonly shift: number;
  private readonly keepZip3: boolean;
  private readonly cache = new Map<string, string>();
  private readonly nameWords = new Map<string, string>();
  private readonly usedNames = new Set<string>();

  constructor(options: SurrogateOptions = {}) {
    this.key = typeof options.secret === 'string' ? Buffer.from(options.secret, 'utf8') : (options.secret ?? randomBytes(32));
    this.keepZip3 = options.keepZip3 ?? false;
    if (options.dateShiftDays !== undefined && options.dateShiftDays !== 0) {
      this.shift = Math.trunc(options.dateShiftDays);
    } else {
      const h = this.hash('date-shift');
      const mag = 1 + (h.readUInt32BE(0) % 365);
      this.shift = h[4]! % 2 === 0 ? mag : -mag;
    }
  }

  /** The per-subject date offset in days (exposed so a caller can store it with the dataset). */
  get dateShiftDays(): number {
    return this.shift;
  }

  private hash(input: string): Buffer {
    return createHmac('sha256', this.key).update(input).digest();
  }

  private pick<T>(list: readonly T[], seed: string, limit = list.length): T {
    const h = this.hash(seed);
    return list[h.readUInt32BE(0) % Math.min(limit, list.length)] as T;
  }

  replace(span: Span): string {
    // Names are cached by exact text: their words are already mapped case-insensitively in
    // nameWord(), and the case of each occurrence ("MARIA", "maria") must be kept.
    const norm = span.type + '\u0000' + (span.type === 'LOCATION' || span.type === 'EMAIL' ? span.text.toLowerCase() : span.text);
    const hit = this.cache.get(norm);
    if (hit !== undefined) return hit;
    let out = this.generate(span.type, span.text);
    if (out === span.text) out = this.scramble(span.text + '\u0001', span.text + '!');
    this.cache.set(norm, out);
    return out;
  }

  private generate(type: PhiType, text: string): string {
    switch (type) {
      case 'NAME':
        return this.name(text);
      case 'DATE':
        return this.date(text);
      case 'AGE':
        return '90+';
      case 'ZIP':
        return this.zip(text);
      case 'LOCATION':
        return this.location(text);
      case 'ADDRESS':
        return this.address(text);
      case 'EMAIL': {
        const first = this.pick(dictionaries().firstNameList, 'email-f' + text.toLowerCase(), 1000);
        const last = this.pick(dictionaries().surnameList, 'email-l' + text.toLowerCase(), 3000);
        return `${first}.${last}@example.com`;
      }
      case 'URL': {
        const h = this.hash('url' + text).toString('hex').slice(0, 8);
        return /^https?:\/\//i.test(text) ? `https://example-${h}.org/` : `www.example-${h}.org`;
      }
      case 'IP': {
        if (text.includes(':')) return `2001:db8::${this.hash('ip' + text).toString('hex').slice(0, 4)}`;
        const h = this.hash('ip' + text);
        return `198.51.100.${1 + (h[0]! % 254)}`;
      }
      case 'SSN': {
        // Keep the shape; the area number stays in 100-799 so it can never be a real 000/666/9xx.
        const s = this.scramble('ssn' + text, text);
        return s.replace(/\d/, String(1 + (this.hash('ssn-a' + text)[0]! % 7)));
      }
      default:
        return this.scramble(type + text, text);
    }
  }

  /** Each digit and letter replaced deterministically; separators, case and length kept. */
  private scramble(seed: string, text: string): string {
    const h = this.hash(seed);
    let i = 0;
    let out = '';
    for (const ch of text) {
      const b = h[i++ % h.length]! ^ (i * 131);
      if (ch >= '0' && ch <= '9') out += String((b + i) % 10);
      else if (ch >= 'A' && ch <= 'Z') out += String.fromCharCode(65 + (b % 26));
      else if (ch >= 'a' && ch <= 'z') out += String.fromCharCode(97 + (b % 26));
      else out += ch;
    }
    if (out === text) out = text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
    return out;
  }

  private nameWord(word: string): string {
    const lower = word.toLowerCase();
    const known = this.nameWords.get(lower);
    if (known !== undefined) return matchCase(word, known);
    const d = dictionaries();
    let chosen: string;
    if (word.length === 1) {
      const letters = 'ABCDEFGHJKLMNPRSTW';
      chosen = letters.charAt(this.hash('init' + lower)[0]! % letters.length);
      if (chosen.toLowerCase() === lower) chosen = chosen === 'W' ? 'B' : 'W';
    } else {
      const isFirst = d.firstNames.has(lower) && (d.surnameRank.get(lower) ?? 1e9) > 500;
      const list = isFirst ? d.firstNameList : d.surnameList;
      let k = 0;
      do {
        chosen = this.pick(list, `name${k}` + lower, isFirst ? 1500 : 4000);
        k++;
      } while ((chosen === lower || this.usedNames.has(chosen) || d.commonWords.has(chosen)) && k < 50);
    }
    this.usedNames.add(chosen);
    this.nameWords.set(lower, chosen);
    return matchCase(word, chosen);
  }

  private name(text: string): string {
    // Word by word, so "Maria Lopez" and later "Maria" or "Lopez's" stay consistent.
    return text.replace(/\p{L}[\p{L}\p{M}'’-]*/gu, (w) => this.nameWord(w));
  }

  private location(text: string): string {
    const d = dictionaries();
    const city = this.pick(d.cityList, 'city' + text.toLowerCase(), 8000);
    const stateTail = /,\s*[A-Z]{2}$|,\s*[A-Z][a-z]+$/.exec(text)?.[0] ?? '';
    const words = text.slice(0, text.length - stateTail.length).split(/(\s+)/);
    const hasFacilityWord = words.some((w) => FACILITY_WORDS.test(w.replace(/[.'’s]+$/, '')));
    if (!hasFacilityWord) {
      const cityWords = city.split(' ').map((w) => matchCase('Aa', w)).join(' ');
      return cityWords === text ? cityWords + ' Heights' : cityWords + stateTail;
    }
    // Facilities and counties: keep the kind ("Clinic", "County"), replace the proper part.
    return words
      .map((w) => (/^\s+$/.test(w) || FACILITY_WORDS.test(w.replace(/[.'’s]+$/, '')) ? w : matchCase(w, this.pick(d.cityList, 'loc' + w.toLowerCase(), 4000).split(' ')[0] ?? 'Oak')))
      .join('') + stateTail;
  }

  private address(text: string): string {
    const d = dictionaries();
    return text.replace(/\d+|\p{L}[\p{L}'’.-]*/gu, (w) => {
      if (/^\d+$/.test(w)) return this.scramble('addr' + w, w).replace(/^0/, '1');
      if (FACILITY_WORDS.test(w.replace(/\.$/, '')) || /^(?:[NSEW]|North|South|East|West|\d+(?:st|nd|rd|th))\.?$/i.test(w)) return w;
      return matchCase(w, this.pick(d.surnameList, 'street' + w.toLowerCase(), 3000));
    });
  }

  private zip(text: string): string {
    const digits = text.replace(/\D/g, '');
    const scrambled = this.scramble('zip' + text, text);
    if (!this.keepZip3 || digits.length < 5) return scrambled;
    const prefix = safeZip3(digits);
    let i = 0;
    return scrambled.replace(/\d/g, (c) => (i < 3 ? prefix.charAt(i++) : c));
  }

  private shiftDate(y: number, m: number, d: number): Date {
    return new Date(Date.UTC(y, m - 1, d) + this.shift * DAY_MS);
  }

  private date(text: string): string {
    // ISO, with optional time kept as is.
    let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(.*)$/s.exec(text);
    if (m) {
      const dt = this.shiftDate(Number(m[1]), Number(m[3]), Number(m[4]));
      const pad = (v: number, like: string): string => String(v).padStart(like.length, '0');
      return `${dt.getUTCFullYear()}${m[2]}${pad(dt.getUTCMonth() + 1, m[3]!)}${m[2]}${pad(dt.getUTCDate(), m[4]!)}${m[5]}`;
    }
    m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2,4})$/.exec(text);
    if (m) {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const dayFirst = a > 12;
      const yRaw = m[4]!;
      const y = yRaw.length === 2 ? 2000 + Number(yRaw) - (Number(yRaw) > 40 ? 100 : 0) : Number(yRaw);
      const dt = this.shiftDate(y, dayFirst ? b : a, dayFirst ? a : b);
      const mm = String(dt.getUTCMonth() + 1).padStart(m[dayFirst ? 3 : 1]!.length, '0');
      const dd = String(dt.getUTCDate()).padStart(m[dayFirst ? 1 : 3]!.length, '0');
      const yy = yRaw.length === 2 ? String(dt.getUTCFullYear() % 100).padStart(2, '0') : String(dt.getUTCFullYear());
      return dayFirst ? `${dd}${m[2]}${mm}${m[2]}${yy}` : `${mm}${m[2]}${dd}${m[2]}${yy}`;
    }
    m = /^(\d{1,2})([/-])(\d{4})$/.exec(text);
    if (m) {
      const dt = this.shiftDate(Number(m[3]), Number(m[1]), 15);
      return `${String(dt.getUTCMonth() + 1).padStart(m[1]!.length, '0')}${m[2]}${dt.getUTCFullYear()}`;
    }
    m = /^(\d{1,2})([/-])(\d{1,2})$/.exec(text);
    if (m) {
      const dt = this.shiftDate(2001, Number(m[1]), Number(m[3]));
      return `${dt.getUTCMonth() + 1}${m[2]}${dt.getUTCDate()}`;
    }
    const wd = WEEKDAYS.findIndex((w) => new RegExp(`\\b${w}`, 'i').test(text));
    if (wd >= 0) {
      const step = ((this.shift % 7) + 7) % 7 || 1;
      const target = WEEKDAYS[(wd + step) % 7]!;
      return text.replace(new RegExp(`\\b${WEEKDAYS[wd]}`, 'i'), (w) => matchCase(w, target));
    }
    return this.writtenDate(text);
  }

  /** "March 3rd", "4th July 2022", "last July", "Sept. '21", holidays. */
  private writtenDate(text: string): string {
    const monthRe = /\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/i;
    const mm = monthRe.exec(text);
    if (!mm) {
      // A holiday: replace it by a shifted ordinary date, since its name alone dates the event.
      const h = this.hash('holiday' + text.toLowerCase());
      const dt = this.shiftDate(2001, 1 + (h[0]! % 12), 1 + (h[1]! % 28));
      return `${MONTH_NAMES[dt.getUTCMonth()]} ${dt.getUTCDate()}`;
    }
    const month = MONTHS.get(mm[1]!.toLowerCase().replace(/\.$/, '')) ?? 1;
    const dayM = /\b(\d{1,2})(st|nd|rd|th)?\b(?!\d)/i.exec(text.replace(/\b(?:19|20)\d{2}\b|'\d{2}/g, (s) => ' '.repeat(s.length)));
    const yearM = /\b((?:19|20)\d{2})\b|'(\d{2})\b/.exec(text);
    const year = yearM ? (yearM[1] ? Number(yearM[1]) : 2000 + Number(yearM[2])) : 2001;
    let dt: Date;
    if (dayM) {
      dt = this.shiftDate(year, month, Number(dayM[1]));
    } else {
      // Month without a day: move by whole months, at least one.
      const monthShift = Math.round(this.shift / 30) || (this.shift > 0 ? 1 : -1);
      dt = new Date(Date.UTC(year, month - 1 + monthShift, 15));
    }
    const full = MONTH_NAMES[dt.getUTCMonth()]!;
    const origMonth = mm[1]!;
    const newMonth = origMonth.length <= 4 && origMonth.toLowerCase() !== 'june' && origMonth.toLowerCase() !== 'july' ? full.slice(0, origMonth.length === 4 && full.length > 4 ? 4 : 3) : full;
    let out = text.slice(0, mm.index) + matchCase(origMonth, newMonth) + text.slice(mm.index + origMonth.length);
    if (dayM) {
      out = out.replace(/\b(\d{1,2})(st|nd|rd|th)?\b(?!\d)(?!')/i, (_s, _d: string, suf?: string) => {
        const day = dt.getUTCDate();
        return suf ? `${day}${matchCase(suf, ordinal(day))}` : String(day);
      });
    }
    if (yearM) {
      const y = dt.getUTCFullYear();
      out = out.replace(/\b(?:19|20)\d{2}\b|'\d{2}\b/, (s) => (s.startsWith("'") ? `'${String(y % 100).padStart(2, '0')}` : String(y)));
    }
    return out;
  }
}
