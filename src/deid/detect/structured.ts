import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { typeFromContext } from './context.js';
import { all } from './scan.js';
import type { PhiType } from '../types.js';

// All regexes are compiled once at module load; detectors only reset lastIndex.
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b/g;
const TLD = 'com|org|net|edu|gov|mil|int|io|co|us|uk|ca|de|fr|es|it|nl|be|ch|se|no|dk|fi|pl|cz|pt|br|au|nz|jp|cn|in|ru|ly|me|info|biz|health|app|dev|cy|uy|hu|gr|at|ie|mx|ar';
const URL_RE = new RegExp(
  String.raw`\b(?:(?:https?|ftp)://[^\s<>"']+|www\.[^\s<>"']+|(?:[A-Za-z0-9-]+\.)+(?:${TLD})(?:/[^\s<>"']*)?(?![A-Za-z0-9@.-]))`,
  'gi',
);
const IPV4 = /\b(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\b(?!\.\d)/g;
const IPV6 = /\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b|\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?(?![:\w])/g;
const MAC = /\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b/g;
// North American and international numbers; digits separated as people write them.
const PHONE = /(?<![\w/.-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?(?![\w/-])/gi;
const PHONE_INTL = /(?<![\w/.-])\+\d{1,3}[\s.-]?(?:\(0\)\s?|\(\d{1,4}\)\s?)?\d{1,5}(?:[\s.-]\d{2,5}){1,4}(?![\w/-])/g;
const PHONE_BARE = /(?<![\w/.$-])(?:\d{10}|\d{3}[\s.-]\d{4})(?![\w/-])/g;
// Any digit group sequence right after a phone word: "Phone: 0490 75 40 81", "call me on 9472 7916".
const PHONE_CUED = /\b(?:phone|ph|tel|telephone|cell|mobile|call me (?:at|on)|text me (?:at|on)|reach me (?:at|on)|messages to|(?:message|sms|text)s? (?:on|to) my registered|my registered|answering at|fax|desk|office|home|work)\b\s*(?:#|:|number|no\.?|is)?\s*((?:\+\d{1,3}\s?)?(?:\(\d{1,4}\)\s?)?\d[\d .-]{5,16}\d)(?![\w])/gi;
// Before a label: "(37) 788-063-Office", "07700 063 966-Fax".
const PHONE_LABEL_AFTER = /(?<![\w])((?:\+\d{1,3}\s?)?(?:\(\d{1,4}\)\s?)?\d[\d .-]{5,16}\d)\s?-?(?:Office|Fax|Home|Mobile|Cell|Work)\b/gi;
const PHONE_CUE = /\b(?:phone|ph|tel|telephone|cell|mobile|call|text|reach|fax|number|#|contact|pager|beeper|landline|hotline)\b[^\n]{0,20}$/i;
const SSN_SHAPE = /(?<![\w-])\d{3}[- ]\d{2}[- ]\d{4}(?![\w-])/g;
const SSN_BARE = /(?<![\w-])\d{9}(?![\w-])/g;
const CARD = /(?<![\w-])(?:\d[ -]?){12,18}\d(?![\w-])/g;
const IBAN = /\b[A-Za-z]{2}\d{2}[A-Za-z]{4}\d{10,26}\b/g;
const VIN = /\b[A-HJ-NPR-Z0-9]{17}\b/g;
// Codes such as "JM-1234567", "87342GH", "UCLA-T1D-2023", "12345-678": letters/digits with
// at least four digits somewhere. Scores like "PHQ-9" or "ICD-10" have fewer digits.
const CODE = /(?<![\w-])#?(?=[A-Za-z0-9.-]*\d)[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*(?![\w-])/g;
// A value introduced by an identifier keyword: any token with a digit, or an all-caps code.
const KEYED_VALUE = /\b(?:ssn|social security(?: number| no\.?)?|mrn|medical record(?: number| no\.?)?|record (?:number|no\.?|#)|chart (?:number|#)|patient (?:id|identifier|number|no\.?|#)|(?:health ?plan|insurance|member|membership|policy|subscriber|beneficiary|medicaid|medicare|group)(?: (?:id|number|no\.?|#|card))+|account(?: (?:number|no\.?|#))?|acct\.?(?: (?:number|no\.?|#))?|(?:credit|debit) card(?: (?:number|no\.?|#))?|iban|routing(?: number)?|licen[cs]e(?: (?:number|no\.?|#))?|lic\.?|certificate(?: (?:number|no\.?|#))?|dea(?: (?:number|no\.?|#))?|npi|driver'?s licen[cs]e(?: (?:number|no\.?|#))?|vin|licen[cs]e plate|plate(?: (?:number|no\.?|#))?|serial(?: (?:number|no\.?|#))?|device (?:id|number|#)|imei|udi|(?:fingerprint|voiceprint|retina scan|iris scan|biometric)(?: (?:id|template|hash|record))?|case (?:number|no\.?|#|id)|claim (?:number|no\.?|#|id)|(?:reference|ref|confirmation|ticket) (?:number|no\.?|#)|id|identifier)\b\s*(?:(?:number|no\.?|num|is|was|of|#|:|=)\s*){0,3}(#?[A-Za-z0-9][A-Za-z0-9-./]*[A-Za-z0-9]|#?\d)/gi;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const TRAILING_PUNCT = /[.,;:!?)\]}'"]+$/;
// Every URL form holds "://", "www." or a dot before a letter (the top-level domain).
const URL_HINT = /:\/\/|www\.|\.[A-Za-z]/i;

/**
 * What the text offers the number-shaped patterns, counted in one pass. Each pattern below is
 * skipped when the text lacks what every match it would keep must contain; on a short query
 * that is most of them, and a skipped scan costs nothing.
 */
interface Shape {
  digits: number;
  /** Most digits in one run of digits, spaces and the separators phone, SSN and card numbers use. */
  numberRun: number;
  /** Longest run of digits alone. */
  digitRun: number;
  /** Longest run of capitals and digits (a VIN is 17). */
  codeRun: number;
  dots: number;
  colons: number;
  dashes: number;
}

function shapeOf(text: string): Shape {
  const shape: Shape = { digits: 0, numberRun: 0, digitRun: 0, codeRun: 0, dots: 0, colons: 0, dashes: 0 };
  let run = 0;
  let digitRun = 0;
  let codeRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (digit) {
      shape.digits++;
      run++;
      digitRun++;
    } else {
      digitRun = 0;
      if (c === 46) shape.dots++;
      else if (c === 58) shape.colons++;
      else if (c === 45) shape.dashes++;
      // Separators inside a number: \s (any non-ASCII character counts, which only lengthens
      // runs), ".", "-", "(", ")", "+". Anything else ends the run.
      const separator = c === 32 || (c >= 9 && c <= 13) || c === 46 || c === 45 || c === 40 || c === 41 || c === 43 || c > 127;
      if (!separator) run = 0;
    }
    codeRun = digit || (c >= 65 && c <= 90) ? codeRun + 1 : 0;
    if (run > shape.numberRun) shape.numberRun = run;
    if (digitRun > shape.digitRun) shape.digitRun = digitRun;
    if (codeRun > shape.codeRun) shape.codeRun = codeRun;
  }
  return shape;
}

export function detectStructured(text: string, out: Candidate[]): void {
  // Cheap character checks skip whole regex scans that cannot match.
  const hasAt = text.includes('@');
  const hasColon = text.includes(':');
  if (hasAt) for (const m of all(EMAIL, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'EMAIL', 0.99, PRIORITY.structured));
  if (URL_HINT.test(text)) for (const m of all(URL_RE, text)) {
    const trimmed = m[0].replace(TRAILING_PUNCT, '');
    // Abbreviations ("e.g.", "a.m.") and file names are not URLs; require a real host part.
    if (!/[A-Za-z]{2,}\.[A-Za-z]/.test(trimmed) && !/^(?:https?|ftp):|^www\./i.test(trimmed)) continue;
    out.push(candidate(text, m.index, m.index + trimmed.length, 'URL', 0.95, PRIORITY.structured - 1));
  }
  // Everything below needs a digit.
  if (!/\d/.test(text)) return;
  const shape = shapeOf(text);
  if (shape.dots >= 3) for (const m of all(IPV4, text)) {
    // Versions ("v1.2.3.4") and section numbers are rare; dotted quads with a leading "v" are skipped.
    if (m.index > 0 && /[vV]/.test(text[m.index - 1] ?? '')) continue;
    out.push(candidate(text, m.index, m.index + m[0].length, 'IP', 0.95, PRIORITY.structured));
  }
  // IPv6: seven colons, or "::" for a run of zero groups.
  if (shape.colons >= 7 || (hasColon && text.includes('::'))) for (const m of all(IPV6, text)) {
    if (m[0].split(':').length < 4) continue;
    out.push(candidate(text, m.index, m.index + m[0].length, 'IP', 0.9, PRIORITY.structured));
  }
  if (shape.colons + shape.dashes >= 5) for (const m of all(MAC, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'DEVICE', 0.9, PRIORITY.structured));

  // Digits a kept match needs in one number run: 10 (PHONE), 8 (PHONE_INTL), 7 (cued and bare
  // phones), 9 (SSN), 13 (card).
  const phones = shape.numberRun >= 10 ? [PHONE, PHONE_INTL] : shape.numberRun >= 8 ? [PHONE_INTL] : [];
  for (const re of phones) {
    if (re === PHONE_INTL && !text.includes('+')) continue;
    for (const m of all(re, text)) {
      if (re === PHONE_INTL && countDigits(m[0]) < 8) continue;
      const ctx = typeFromContext(text, m.index);
      const type: PhiType = ctx === 'FAX' ? 'FAX' : ctx && ctx !== 'ID' && ctx !== 'DEVICE' ? ctx : 'PHONE';
      out.push(candidate(text, m.index, m.index + m[0].length, type, 0.95, PRIORITY.phone));
    }
  }
  for (const re of shape.numberRun >= 7 ? [PHONE_CUED, PHONE_LABEL_AFTER] : []) {
    for (const m of all(re, text)) {
      const v = m[1] ?? '';
      if (countDigits(v) < 7 || countDigits(v) > 15) continue;
      const s = re === PHONE_CUED ? m.index + m[0].length - v.length : m.index;
      const fax = /fax/i.test(m[0]);
      out.push(candidate(text, s, s + v.length, fax ? 'FAX' : 'PHONE', 0.85, PRIORITY.phone));
    }
  }
  if (shape.numberRun >= 7) for (const m of all(PHONE_BARE, text)) {
    const before = text.slice(Math.max(0, m.index - 30), m.index);
    if (!PHONE_CUE.test(before)) continue;
    const type: PhiType = /fax/i.test(before) ? 'FAX' : 'PHONE';
    out.push(candidate(text, m.index, m.index + m[0].length, type, 0.8, PRIORITY.phone));
  }

  if (shape.numberRun >= 9) for (const m of all(SSN_SHAPE, text)) {
    const ctx = typeFromContext(text, m.index);
    const type: PhiType = ctx && ctx !== 'ID' ? ctx : 'SSN';
    out.push(candidate(text, m.index, m.index + m[0].length, type, ctx ? 0.95 : 0.85, PRIORITY.contextual));
  }
  if (shape.digitRun >= 9) for (const m of all(SSN_BARE, text)) {
    const ctx = typeFromContext(text, m.index);
    if (ctx === 'SSN') out.push(candidate(text, m.index, m.index + m[0].length, 'SSN', 0.9, PRIORITY.contextual));
  }
  if (shape.numberRun >= 13) for (const m of all(CARD, text)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhn(digits)) continue;
    out.push(candidate(text, m.index, m.index + m[0].length, 'ACCOUNT', 0.85, PRIORITY.contextual - 1));
  }
  if (shape.digitRun >= 10) for (const m of all(IBAN, text)) out.push(candidate(text, m.index, m.index + m[0].length, 'ACCOUNT', 0.9, PRIORITY.contextual));
  if (shape.codeRun >= 17) for (const m of all(VIN, text)) {
    if (!/\d/.test(m[0]) || !/[A-Z]/.test(m[0])) continue;
    out.push(candidate(text, m.index, m.index + m[0].length, 'VEHICLE', 0.85, PRIORITY.contextual));
  }

  for (const m of all(KEYED_VALUE, text)) {
    const value = m[1] ?? '';
    const vStart = m.index + m[0].length - value.length;
    let end = vStart + value.replace(/[.\-/]+$/, '').length;
    // A value needs a digit: "ID card", "account ASAP" are words, not identifiers.
    if (!/\d/.test(value)) continue;
    if (/^\d{1,2}$/.test(value)) continue;
    // The keyword itself may be followed by an ordinary word ("ID card"): digits are required then.
    const ctx = typeFromContext(text, vStart) ?? 'ID';
    if (end <= vStart) end = vStart + value.length;
    out.push(candidate(text, vStart, end, ctx === 'FAX' ? 'FAX' : ctx, 0.9, PRIORITY.contextual));
  }

  // A code is kept only with four digits or more.
  if (shape.digits >= 4) for (const m of all(CODE, text)) {
    const s = m[0].replace(/\.+$/, '');
    const digits = countDigits(s);
    if (digits < 4) continue;
    // A period inside is only an identifier separator next to letters ("CSW.0042871"); otherwise
    // it is a decimal ("3.14159") or a dotted date or version.
    if (s.includes('.') && !/[A-Za-z]{2,}/.test(s)) continue;
    // Pure numbers: years (4 digits), decimals and amounts are not identifiers; 5+ digits are.
    const pureNumber = /^#?\d+$/.test(s);
    if (pureNumber && s.replace('#', '').length < 5) continue;
    // Units and money right after or before make it a quantity, not an identifier.
    const after = text.slice(m.index + s.length, m.index + s.length + 4);
    const before = text[m.index - 1] ?? '';
    if (pureNumber && (/^\s?(?:mg|mcg|ml|kg|lb|g\b|%|units|steps|calories|dollars)/i.test(after) || before === '$' || before === ',' || before === '.')) continue;
    if (/^\d{4}-\d{2,4}$/.test(s) || /^\d{4}'?s$/.test(s)) continue; // "1990s"
    if (/^\d{4}-\d{2,4}$/.test(s)) continue; // year ranges: "2019-2021", "2020-21"
    // Two short numeric groups are measurements ("120/80", "150-200"), not codes.
    if (/^\d{1,3}[-/]\d{1,3}$/.test(s)) continue;
    const ctx = typeFromContext(text, m.index);
    const type: PhiType = ctx ?? 'ID';
    out.push(candidate(text, m.index, m.index + s.length, type, ctx ? 0.8 : 0.6, ctx ? PRIORITY.contextual - 2 : PRIORITY.weak));
  }
}
