/** One word of the input; produced once per text and shared by the name and place detectors. */
export interface Token {
  start: number;
  /** End of the word without a possessive "'s". */
  end: number;
  word: string;
  lower: string;
  /** Capitalised: upper-case first letter ("Anna", "McKay", "A"). */
  cap: boolean;
  /** Every letter upper case and at least two letters ("ANNA"). */
  allCaps: boolean;
  /** First word of a line or of a sentence, where capitals say nothing about names. */
  sentenceStart: boolean;
  lineStart: boolean;
  /** The characters between the previous token and this one. */
  gap: string;
  /** The character right after the token (after any possessive). */
  next: string;
}

// A class, not an object literal: after one long text (whose tokens all live until its end)
// V8 would allocate every later literal token straight into the old generation
// ("pretenuring"), and short texts would then pay for old-generation collections.
class WordToken implements Token {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly word: string,
    readonly lower: string,
    readonly cap: boolean,
    readonly allCaps: boolean,
    readonly sentenceStart: boolean,
    readonly lineStart: boolean,
    readonly gap: string,
    readonly next: string,
  ) {}
}

// Letters with inner apostrophes or hyphens ("O'Neil", "Mary-Jane"); a possessive is split off.
// Scanned by hand: ASCII by char code, other characters through one-character Unicode tests,
// which is several times faster than a global \p{L} regex over the whole text.
const LETTER = /^\p{L}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

function letterAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER.test(text.charAt(i));
}

function letterOrMarkAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER_OR_MARK.test(text.charAt(i));
}

/** End of the word starting at `i` (which is a letter). */
function wordEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  for (;;) {
    while (j < n && letterOrMarkAt(text, j)) j++;
    const c = text.charCodeAt(j);
    if (j + 1 < n && (c === 39 || c === 0x2019 || c === 45) && letterAt(text, j + 1)) {
      j += 2;
      continue;
    }
    return j;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160 || c === 12 || c === 11;
}

/** Single pass over the text; gap flags are computed with character checks, not regexes. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let prevEnd = 0;
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    if (!letterAt(text, pos)) {
      pos++;
      continue;
    }
    const start = pos;
    pos = wordEnd(text, start);
    let word = text.slice(start, pos);
    let end = pos;
    const wl = word.length;
    // "Sarah's" arrives whole because of the inner-apostrophe rule; cut it back to "Sarah".
    if (wl > 2 && (word.charCodeAt(wl - 1) === 115 || word.charCodeAt(wl - 1) === 83)) {
      const ap = word.charCodeAt(wl - 2);
      if (ap === 39 || ap === 0x2019) {
        word = word.slice(0, -2);
        end -= 2;
      }
    }
    let fullEnd = pos;
    // "James'" (possessive of a name in -s): the apostrophe belongs to the word's end.
    const after = text.charCodeAt(fullEnd);
    if ((after === 39 || after === 0x2019) && word.endsWith('s') && !letterAt(text, fullEnd + 1)) fullEnd += 1;
    const gap = text.slice(prevEnd, start);
    // Scan the gap backwards: last non-space character and whether a newline follows it.
    let lastChar = -1;
    let newlineAfterLast = false;
    for (let k = gap.length - 1; k >= 0; k--) {
      const c = gap.charCodeAt(k);
      if (c === 10) newlineAfterLast = true;
      else if (!isSpace(c)) {
        lastChar = c;
        break;
      }
    }
    const lineStart = newlineAfterLast || (tokens.length === 0 && lastChar === -1);
    const sentenceStart =
      lineStart ||
      tokens.length === 0 ||
      lastChar === 46 || // .
      lastChar === 33 || // !
      lastChar === 63 || // ?
      lastChar === 58 || // :
      lastChar === 59 || // ;
      lastChar === 34 || // "
      lastChar === 0x201c ||
      lastChar === 0x2022 || // bullet
      ((lastChar === 45 || lastChar === 42) && gap.trim().length === 1 && (prevEnd === 0 || text.charCodeAt(prevEnd) === 10 || gap.includes('\n')));
    const first = word.charAt(0);
    const lower = word.toLowerCase();
    const cap = first !== lower.charAt(0);
    const allCaps = wl > 1 && word !== lower && word === word.toUpperCase();
    tokens.push(new WordToken(start, end, word, lower, cap, allCaps, sentenceStart, lineStart, gap, text.charAt(fullEnd)));
    prevEnd = fullEnd;
  }
  return tokens;
}
