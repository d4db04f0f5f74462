const NONE: readonly RegExpExecArray[] = Object.freeze([]);

/**
 * Every match of a global regex, in order, found as the loop asks for them. On a short text
 * most scans find nothing: that case allocates nothing, where a generator cost an object per
 * scan (some forty scans per text). Matches are not collected in an array, which on a long
 * document would hold every match of a pattern at once.
 */
export function all(re: RegExp, text: string): Iterable<RegExpExecArray> {
  re.lastIndex = 0;
  const first = re.exec(text);
  return first === null ? NONE : new Matches(re, text, first);
}

class Matches implements Iterable<RegExpExecArray>, Iterator<RegExpExecArray> {
  private pending: RegExpExecArray | null;

  constructor(
    private readonly re: RegExp,
    private readonly text: string,
    first: RegExpExecArray,
  ) {
    this.pending = first;
  }

  [Symbol.iterator](): Iterator<RegExpExecArray> {
    return this;
  }

  next(): IteratorResult<RegExpExecArray> {
    const m = this.pending;
    if (m === null) return { done: true, value: undefined };
    // An empty match would be found again at the same place forever.
    if (m[0].length === 0) this.re.lastIndex++;
    this.pending = this.re.exec(this.text);
    return { done: false, value: m };
  }
}
