// Where the fixed cost of a short text goes: the engine's detection steps, run in the engine's
// order on the ASQ-PHI short queries, each timed inline. Timer overhead (~0.1 us a step)
// is included. Run: npx tsx bench/deid/stages.ts [rounds]
import type { Candidate } from '../../src/deid/detect/candidate.js';
import { detectAges, detectDates } from '../../src/deid/detect/dates.js';
import { detectAddresses, detectPlaces } from '../../src/deid/detect/geo.js';
import { detectInlineSpeakers, detectIntroducedNames, propagateLists } from '../../src/deid/detect/name-cues.js';
import { detectNames, propagateNames } from '../../src/deid/detect/names.js';
import { detectStructured } from '../../src/deid/detect/structured.js';
import { tokenize } from '../../src/deid/detect/tokens.js';
import { detectCuedTowns } from '../../src/deid/detect/towns.js';
import { dictionaries } from '../../src/deid/dictionaries/index.js';
import { createRedactor } from '../../src/deid/index.js';
import { resolve } from '../../src/deid/merge.js';
import { loadAsq } from './corpora.js';

const rounds = Number(process.argv[2] ?? 30);
const texts = loadAsq().docs.map((d) => d.text);
dictionaries();
const names = ['structured', 'dates', 'ages', 'addresses', 'tokenize', 'names', 'introducedNames', 'inlineSpeakers', 'places', 'cuedTowns', 'resolve', 'propagate', 'resolve again'];
const ns = new Float64Array(names.length);

function detect(text: string): void {
  const cands: Candidate[] = [];
  let t = process.hrtime.bigint();
  const lap = (k: number): void => {
    const now = process.hrtime.bigint();
    ns[k] = (ns[k] ?? 0) + Number(now - t);
    t = now;
  };
  detectStructured(text, cands);
  lap(0);
  detectDates(text, cands);
  lap(1);
  detectAges(text, cands);
  lap(2);
  detectAddresses(text, cands);
  lap(3);
  const tokens = tokenize(text);
  lap(4);
  detectNames(text, tokens, cands);
  lap(5);
  detectIntroducedNames(text, tokens, cands);
  lap(6);
  detectInlineSpeakers(text, tokens, cands);
  lap(7);
  detectPlaces(text, tokens, cands);
  lap(8);
  detectCuedTowns(text, tokens, cands);
  lap(9);
  const first = resolve(text, cands, 0);
  lap(10);
  const before = cands.length;
  propagateNames(text, tokens, first, cands);
  propagateLists(text, tokens, first, cands);
  lap(11);
  if (cands.length !== before) resolve(text, cands, 0);
  lap(12);
}

for (let r = 0; r < 5; r++) for (const t of texts) detect(t);
ns.fill(0);
const w0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const t of texts) detect(t);
const wall = Number(process.hrtime.bigint() - w0) / 1000 / (rounds * texts.length);
const calls = rounds * texts.length;
names.forEach((name, k) => console.log(`${name.padEnd(16)} ${((ns[k] ?? 0) / 1000 / calls).toFixed(1).padStart(6)} us`));
console.log(`${'detect (wall)'.padEnd(16)} ${wall.toFixed(1).padStart(6)} us`);
const redactor = createRedactor({ mode: 'mask' });
for (const t of texts) redactor.redact(t);
const r0 = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const t of texts) redactor.redact(t);
console.log(`${'redact (wall)'.padEnd(16)} ${(Number(process.hrtime.bigint() - r0) / 1000 / calls).toFixed(1).padStart(6)} us`);
