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

// Letters with inner apostrophes or hyphens ("O'Neil", "Mary-Jane"); a possessive is split off.
const WORD = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 160 || c === 12 || c === 11;
}

/** Single pass over the text; gap flags are computed with character checks, not regexes. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    let word = m[0];
    let end = m.index + word.length;
    const wl = word.length;
    // "Sarah's" arrives whole because of the inner-apostrophe rule; cut it back to "Sarah".
    if (wl > 2 && (word.charCodeAt(wl - 1) === 115 || word.charCodeAt(wl - 1) === 83)) {
      const ap = word.charCodeAt(wl - 2);
      if (ap === 39 || ap === 0x2019) {
        word = word.slice(0, -2);
        end -= 2;
      }
    }
    let fullEnd = m.index + m[0].length;
    // "James'" (possessive of a name in -s): the apostrophe belongs to the word's end.
    const after = text.charCodeAt(fullEnd);
    if ((after === 39 || after === 0x2019) && word.endsWith('s') && !/\p{L}/u.test(text.charAt(fullEnd + 1))) fullEnd += 1;
    const gap = text.slice(prevEnd, m.index);
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
    tokens.push({ start: m.index, end, word, lower, cap, allCaps, sentenceStart, lineStart, gap, next: text.charAt(fullEnd) });
    prevEnd = fullEnd;
  }
  return tokens;
}
