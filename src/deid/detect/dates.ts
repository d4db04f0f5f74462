import { candidate, PRIORITY, type Candidate } from './candidate.js';
import { all } from './scan.js';

const MON = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?`;
const YEAR = String.raw`(?:'\d{2}|\d{4})`;
const LEAD = String.raw`(?:(?:last|next|this|this past|early|late|mid|mid-)\s+)?`;

// "March 3rd", "Apr 17th 2022", "Nov 6, 2023", "March 3rd of 2021"
const MONTH_DAY = new RegExp(String.raw`\b${LEAD}${MON}\.?\s+${DAY}(?:,?\s*(?:of\s+)?${YEAR})?(?![\d:])\b`, 'gi');
// "4th July 2022", "3 March", "the 3rd of March"
const DAY_MONTH = new RegExp(String.raw`\b${DAY}\s+(?:of\s+)?${MON}\b\.?(?:,?\s*${YEAR})?`, 'gi');
// "March 2022", "Sept. '21"
const MONTH_YEAR = new RegExp(String.raw`\b${LEAD}${MON}\.?,?\s+(?:of\s+)?${YEAR}\b`, 'gi');
// 04/22/1955, 4-22-55, 22.04.1955
const NUMERIC = /(?<![\w/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\w/-]|\.\d)/g;
// 2023-04-12, 2023/4/12, with an optional time
const ISO = /(?<![\w/.-])(?:19|20)\d{2}([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?:[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?(?![\w/-])/g;
// 03/2021
const MONTH_SLASH_YEAR = /(?<![\w/.-])(?:0?[1-9]|1[0-2])[/-](?:19|20)\d{2}(?![\w/-])/g;
// "on 3/14": only after a word that introduces a date, since "7/10" is usually a rating.
const CUED_MONTH_DAY = /\b(?:on|since|from|until|till|by|before|after|dated?|dob|d\.o\.b\.?|born|due|through|thru|starting|effective|appt|appointment|visit|seen|admitted|discharged|signed|rtc|f\/u|follow-up|followup)[:\s]+((?:0?[1-9]|1[0-2])[/-](?:0?[1-9]|[12]\d|3[01]))(?![\w/-]|\.\d)/gi;
// A month name on its own. "May" and "March" are also ordinary words, so they need a cue.
const MONTH_ALONE = /\b(?:(?:last|next|this|this past|early|late|mid|mid-)\s+)?(January|February|April|June|July|August|September|October|November|December)\b/g;
const AMBIGUOUS_MONTH = /\b(?:(?:in|since|until|till|last|next|this|early|late|mid|mid-|of|by|during|before|after|through|from|around)\s+)(May|March|may|march|january|february|april|june|july|august|september|october|november|december)\b(?!\s+(?:be|have|not|I|you|we|they|he|she|it)\b)/g;
// Journals and messages drop capitals, so weekday and holiday names match in any case.
const WEEKDAY = /\b(?:(?:last|next|this|this past|on)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b/gi;
const HOLIDAY = /\b(?:Christmas(?: Eve| Day)?|Xmas|Thanksgiving(?: Day)?|Easter(?: Sunday)?|Halloween|New Year'?s(?: Eve| Day)?|Independence Day|Fourth of July|4th of July|Valentine'?s Day|Memorial Day|Labor Day|Mother'?s Day|Father'?s Day|Juneteenth|Veterans'? Day|Presidents'? Day|St\.? Patrick'?s Day|Hanukkah|Chanukah|Passover|Rosh Hashanah|Yom Kippur|Diwali|Kwanzaa|Ramadan|Eid(?: al-Fitr| al-Adha)?)\b/gi;
// Ages over 89 must go (Safe Harbor (b)(2)(i)(C)); younger ages may stay.
const AGE_AFTER = /\b(\d{2,3})(?=\s*-?\s*(?:years?|yrs?|y\.?\s?o\b\.?|y\/o|yo\b|year-old|-year-old|yr-old))/gi;
// "She's 91 now", "Grandpa turned 94": a person word then the number, no unit after it.
const AGE_PERSON = /\b(?:she|he|they|i|mom|dad|mother|father|grandma|grandpa|grandmother|grandfather|nana|papa|patient|client|who|husband|wife|aunt|uncle)(?:['’]s|['’]m| is| was| turned| turns| will be| just turned| am)\s+(\d{2,3})\b(?!\s*(?:[%./:]|mg|mcg|ml|minutes?|mins?|hours?|hrs?|lbs?|kg|pounds|percent|times|days|weeks|months|degrees|miles|points|on\b|out\b|of\b))/gi;
// "on the 2nd", "by the 15th": a day of the month without its month.
const CUED_DAY = /\b(?:on|by|before|after|since|until|till|from|through) the (\d{1,2}(?:st|nd|rd|th))\b(?!\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|century|floor|grade|percentile|time|session|visit|attempt|day|week|dose))/gi;
const AGE_BEFORE = /\b(?:age[d:]?|aged|age of|turned|turning|is now)\s*:?\s*(\d{2,3})\b(?![./]\d)/gi;

function push(out: Candidate[], text: string, start: number, end: number, confidence: number): void {
  out.push(candidate(text, start, end, 'DATE', confidence, PRIORITY.date));
}

function validDayMonth(a: number, b: number): boolean {
  // Either month/day or day/month order must be possible.
  return (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31);
}

// Cheap substring checks that let whole families of scans be skipped on texts that cannot match.
const MONTH_HINT = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i;
const DIGIT = /\d/;
// Numeric dates (NUMERIC, ISO, MONTH_SLASH_YEAR, CUED_MONTH_DAY) all have a separator between digits.
const DIGIT_SEPARATOR_DIGIT = /\d[/.-]\d/;
// CUED_DAY: "... the 2nd".
const THE_DAY = /the \d/i;
// Only ages from 90 to 130 are kept, and every age pattern takes its number whole (no digit
// next to it): without such a number in the text, no age scan can keep anything.
const OLD_AGE = /(?<!\d)(?:0?9\d|1[0-2]\d|130)(?!\d)/;

export function detectDates(text: string, out: Candidate[]): void {
  const hasDigit = DIGIT.test(text);
  const hasMonth = MONTH_HINT.test(text);
  for (const re of hasMonth && hasDigit ? [MONTH_DAY, DAY_MONTH, MONTH_YEAR] : []) {
    for (const m of all(re, text)) {
      // "may 5" in lower case is too often "may" the verb followed by a count.
      if (/^(?:may|mar|march|jan|sept?|oct|dec|jun|jul|aug)\b/.test(m[0]) && !/\d{4}|'\d\d/.test(m[0]) && re !== DAY_MONTH) continue;
      push(out, text, m.index, m.index + m[0].length, 0.95);
    }
  }
  if (hasDigit) detectNumericDates(text, out);
  if (hasMonth) {
    for (const m of all(MONTH_ALONE, text)) push(out, text, m.index, m.index + m[0].length, 0.8);
    for (const m of all(AMBIGUOUS_MONTH, text)) {
      const word = m[1] ?? '';
      if (word === 'may' || word === 'march') continue; // lower-case modal/verb
      const s = m.index + m[0].length - word.length;
      push(out, text, s, s + word.length, 0.7);
    }
  }
  if (/day/i.test(text)) for (const m of all(WEEKDAY, text)) push(out, text, m.index, m.index + m[0].length, 0.5);
  for (const m of all(HOLIDAY, text)) push(out, text, m.index, m.index + m[0].length, 0.7);
}

function detectNumericDates(text: string, out: Candidate[]): void {
  const separated = DIGIT_SEPARATOR_DIGIT.test(text);
  if (separated) for (const m of all(NUMERIC, text)) {
    if (!validDayMonth(Number(m[1]), Number(m[3]))) continue;
    push(out, text, m.index, m.index + m[0].length, 0.95);
  }
  if (separated) for (const m of all(ISO, text)) push(out, text, m.index, m.index + m[0].length, 0.95);
  if (separated) for (const m of all(MONTH_SLASH_YEAR, text)) push(out, text, m.index, m.index + m[0].length, 0.85);
  if (THE_DAY.test(text)) for (const m of all(CUED_DAY, text)) {
    const v = m[1] ?? '';
    const day = Number.parseInt(v, 10);
    if (day < 1 || day > 31) continue;
    const s = m.index + m[0].length - v.length;
    push(out, text, s, s + v.length, 0.75);
  }
  if (separated) for (const m of all(CUED_MONTH_DAY, text)) {
    const v = m[1] ?? '';
    const s = m.index + m[0].length - v.length;
    push(out, text, s, s + v.length, 0.8);
  }
}

export function detectAges(text: string, out: Candidate[]): void {
  if (!OLD_AGE.test(text)) return;
  for (const re of [AGE_AFTER, AGE_BEFORE, AGE_PERSON]) {
    for (const m of all(re, text)) {
      const v = m[1] ?? '';
      const n = Number(v);
      if (n < 90 || n > 130) continue;
      const s = m.index + m[0].length - v.length;
      out.push(candidate(text, s, s + v.length, 'AGE', 0.9, PRIORITY.contextual));
    }
  }
}
