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
// short text nearly every lookup misses the CPU cache (the tables hold 300,000 words), so one
// entry per word answers all of them for the price of one lookup.
interface WordInfo {
  lists: number;
  firstRank: number | undefined;
  surnameRank: number | undefined;
}

const FIRST = 1;
const SURNAME = 2;
const COMMON = 4;
const CITY = 8;
const WORLD_CITY = 16;
const ABSENT: WordInfo = { lists: 0, firstRank: undefined, surnameRank: undefined };

/**
 * The words asked about recently, so that the words every text repeats ("the", "patient")
 * are answered from a table small enough to stay in cache. Cleared when full; answers never
 * depend on it.
 */
const RECENT_LIMIT = 20_000;

class Lexicon {
  private readonly words = new Map<string, WordInfo>();
  private recent = new Map<string, WordInfo>();
  // The detectors ask about one token several times in a row (given name? word? town?): two
  // lookups in three repeat the previous word.
  private lastWord = '';
  private lastInfo: WordInfo = ABSENT;

  add(word: string, list: number, rank?: number): void {
    let info = this.words.get(word);
    if (info === undefined) {
      info = { lists: 0, firstRank: undefined, surnameRank: undefined };
      this.words.set(word, info);
    }
    info.lists |= list;
    // A word listed twice keeps its last rank, as the rank maps built in list order did.
    if (list === FIRST) info.firstRank = rank;
    if (list === SURNAME) info.surnameRank = rank;
  }

  info(word: string): WordInfo {
    if (word === this.lastWord) return this.lastInfo;
    let info = this.recent.get(word);
    if (info === undefined) {
      info = this.words.get(word) ?? ABSENT;
      if (this.recent.size >= RECENT_LIMIT) this.recent = new Map();
      this.recent.set(word, info);
    }
    this.lastWord = word;
    this.lastInfo = info;
    return info;
  }

  set(list: number): WordSet {
    return { has: (word) => (this.info(word).lists & list) !== 0 };
  }
}

let cached: Dictionaries | undefined;

export function dictionaries(): Dictionaries {
  if (cached) return cached;
  const firstNameList = load('first-names.txt');
  const surnameList = load('surnames.txt');
  const cityList = load('us-cities.txt');
  const lex = new Lexicon();
  firstNameList.forEach((s, i) => lex.add(s, FIRST, i + 1));
  surnameList.forEach((s, i) => lex.add(s, SURNAME, i + 1));
  for (const s of load('common-words.txt')) lex.add(s, COMMON);
  for (const s of cityList) lex.add(s, CITY);
  for (const s of load('world-cities.txt')) lex.add(s, WORLD_CITY);
  const firstNames = lex.set(FIRST);
  const surnames = lex.set(SURNAME);
  cached = {
    firstNames,
    firstRank: { has: firstNames.has, get: (word) => lex.info(word).firstRank },
    surnameRank: { has: surnames.has, get: (word) => lex.info(word).surnameRank },
    commonWords: lex.set(COMMON),
    cities: lex.set(CITY),
    worldCities: lex.set(WORLD_CITY),
    firstNameList,
    surnameList,
    cityList,
  };
  return cached;
}
