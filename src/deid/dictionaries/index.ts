import { readFileSync } from 'node:fs';

// Word lists ship as plain text beside this file (see SOURCE.md); they are read once,
// synchronously, on first use, so the engine never touches the network.
function load(name: string): string[] {
  const raw = readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');
  return raw.split('\n').filter((line) => line.length > 0);
}

export interface Dictionaries {
  /** Given names (1990 Census + Moby), lower case. */
  firstNames: ReadonlySet<string>;
  /** Given name -> frequency rank (1 = most common; SSA order, then Census/Moby). */
  firstRank: ReadonlyMap<string, number>;
  /** Surname -> frequency rank (1 = most common, 1990 Census). */
  surnameRank: ReadonlyMap<string, number>;
  /** Ordinary English words (SCOWL size <= 35), lower case: names that are also words need context. */
  commonWords: ReadonlySet<string>;
  /** US city names (USPS ZIP database), lower case, possibly multi-word. */
  cities: ReadonlySet<string>;
  /** World towns (GeoNames, population > 1000 or an administrative seat), lower case: found only after a place cue. */
  worldCities: ReadonlySet<string>;
  /** Lists kept in order, for surrogate generation. */
  firstNameList: readonly string[];
  surnameList: readonly string[];
  cityList: readonly string[];
}

let cached: Dictionaries | undefined;

export function dictionaries(): Dictionaries {
  if (cached) return cached;
  const firstNameList = load('first-names.txt');
  const surnameList = load('surnames.txt');
  const cityList = load('us-cities.txt');
  const firstRank = new Map<string, number>();
  firstNameList.forEach((s, i) => firstRank.set(s, i + 1));
  const surnameRank = new Map<string, number>();
  surnameList.forEach((s, i) => surnameRank.set(s, i + 1));
  cached = {
    firstNames: new Set(firstNameList),
    firstRank,
    surnameRank,
    commonWords: new Set(load('common-words.txt')),
    cities: new Set(cityList),
    worldCities: new Set(load('world-cities.txt')),
    firstNameList,
    surnameList,
    cityList,
  };
  return cached;
}
