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
const POSSESSIVE = /^['’]s?(?![\p{L}])/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  let prevEnd = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(text)) !== null) {
    let word = m[0];
    let end = m.index + word.length;
    // "Sarah's" arrives whole because of the inner-apostrophe rule; cut it back to "Sarah".
    const poss = /['’]s$/u.exec(word);
    if (poss && word.length > 2) {
      word = word.slice(0, -2);
      end -= 2;
    }
    let fullEnd = m.index + m[0].length;
    const after = text.slice(fullEnd, fullEnd + 2);
    if (POSSESSIVE.test(after) && after[0] !== undefined && word.endsWith('s')) fullEnd += 1;
    const gap = text.slice(prevEnd, m.index);
    const first = word.charAt(0);
    const cap = first !== first.toLowerCase();
    const allCaps = word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase();
    const lineStart = tokens.length === 0 ? !/\S/.test(gap) || /\n\s*$/.test(gap) : /\n\s*$/.test(gap);
    const sentenceStart = lineStart || tokens.length === 0 || /[.!?:;"“]\s*$|^\s*[-*•]\s*$/.test(gap) || /[.!?]["”)]?\s+$/.test(gap);
    tokens.push({
      start: m.index,
      end,
      word,
      lower: word.toLowerCase(),
      cap,
      allCaps,
      sentenceStart,
      lineStart,
      gap,
      next: text.charAt(fullEnd),
    });
    prevEnd = fullEnd;
  }
  return tokens;
}
