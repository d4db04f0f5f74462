import { readFileSync } from 'node:fs';

// Word lists ship as plain text beside this file (see SOURCE.md); they are read once,
// synchronously, on first use, so the engine never touches the network.
function load(name: string): string[] {
  const raw = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  return raw.split('\n').filter((line) => line.length > 0);
}

/** Membership in one word list. */
export interface WordSet {
  has(word: string): boolean;
}

/** Frequency rank in one word list (1 = most common); undefined when the word is absent. */
export interface WordRanks extends WordSet {
  get(word: string): number | undefined;
}

export interface Dictionaries {
  /** Given names (1990 Census + Moby), lower case. */
  firstNames: WordSet;
  /** Given name -> frequency rank (1 = most common; SSA order, then Census/Moby). */
  firstRank: WordRanks;
  /** Surname -> frequency rank (1 = most common, 1990 Census). */
  surnameRank: WordRanks;
  /** Ordinary English words (SCOWL size <= 35), lower case: names that are also words need context. */
  commonWords: WordSet;
  /** US city names (USPS ZIP database), lower case, possibly multi-word. */
  cities: WordSet;
  /** World towns (GeoNames, population > 1000 or an administrative seat), lower case: found only after a place cue. */
  worldCities: WordSet;
  /** Lists kept in order, for surrogate generation. */
  firstNameList: readonly string[];
  surnameList: readonly string[];
  cityList: readonly string[];
}

// One table for all the lists: the detectors ask several lists about the same word, and on a
// short text nearly every lookup misses the CPU cache (the lists hold 320,000 words), so one
// entry per word answers all of them for the price of one lookup. An entry is a number (an
// index into typed arrays), not an object: loading builds no object per word.
const FIRST = 1;
const SURNAME = 2;
const COMMON = 4;
const CITY = 8;
const WORLD_CITY = 16;

/**
 * The words asked about recently, so that the words every text repeats ("the", "patient")
 * are answered from a table small enough to stay in cache. Cleared when full; answers never
 * depend on it.
 */
const RECENT_LIMIT = 20_000;

class Lexicon {
  private readonly index = new Map<string, number>();
  private readonly lists: Uint8Array;
  /** Ranks from 1; 0 when the word is not in that list. */
  private readonly firstRanks: Int32Array;
  private readonly surnameRanks: Int32Array;
  private recent = new Map<string, number>();
  // The detectors ask about one token several times in a row (given name? word? town?): two
  // lookups in three repeat the previous word.
  private lastWord = '';
  private lastEntry = -1;

  constructor(capacity: number) {
    this.lists = new Uint8Array(capacity);
    this.firstRanks = new Int32Array(capacity);
    this.surnameRanks = new Int32Array(capacity);
  }

  add(word: string, list: number, rank = 0): void {
    let i = this.index.get(word);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(word, i);
    }
    this.lists[i] = (this.lists[i] ?? 0) | list;
    // A word listed twice keeps its last rank, as the rank maps built in list order did.
    if (list === FIRST) this.firstRanks[i] = rank;
    if (list === SURNAME) this.surnameRanks[i] = rank;
  }

  /** The word's entry, or -1 when no list holds it. */
  private entry(word: string): number {
    if (word === this.lastWord) return this.lastEntry;
    let i = this.recent.get(word);
    if (i === undefined) {
      i = this.index.get(word) ?? -1;
      if (this.recent.size >= RECENT_LIMIT) this.recent = new Map();
      this.recent.set(word, i);
    }
    this.lastWord = word;
    this.lastEntry = i;
    return i;
  }

  set(list: number): WordSet {
    return {
      has: (word) => {
        const i = this.entry(word);
        return i >= 0 && ((this.lists[i] ?? 0) & list) !== 0;
      },
    };
  }

  /** Ranks in the given-name list (FIRST) or the surname list (SURNAME). */
  ranks(list: typeof FIRST | typeof SURNAME): WordRanks {
    const ranks = list === FIRST ? this.firstRanks : this.surnameRanks;
    return {
      has: this.set(list).has,
      get: (word) => {
        const i = this.entry(word);
        const rank = i >= 0 ? (ranks[i] ?? 0) : 0;
        return rank !== 0 ? rank : undefined;
      },
    };
  }
}

let cached: Dictionaries | undefined;

export function dictionaries(): Dictionaries {
  if (cached) return cached;
  const firstNameList = load('first-names.txt');
  const surnameList = load('surnames.txt');
  const cityList = load('us-cities.txt');
  const commonList = load('common-words.txt');
  const worldList = load('world-cities.txt');
  const lex = new Lexicon(firstNameList.length + surnameList.length + commonList.length + cityList.length + worldList.length);
  firstNameList.forEach((s, i) => lex.add(s, FIRST, i + 1));
  surnameList.forEach((s, i) => lex.add(s, SURNAME, i + 1));
  for (const s of commonList) lex.add(s, COMMON);
  for (const s of cityList) lex.add(s, CITY);
  for (const s of worldList) lex.add(s, WORLD_CITY);
  cached = {
    firstNames: lex.set(FIRST),
    firstRank: lex.ranks(FIRST),
    surnameRank: lex.ranks(SURNAME),
    commonWords: lex.set(COMMON),
    cities: lex.set(CITY),
    worldCities: lex.set(WORLD_CITY),
    firstNameList,
    surnameList,
    cityList,
  };
  return cached;
}
