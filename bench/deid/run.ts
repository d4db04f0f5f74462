// Accuracy and speed of the de-identification engine vs redact-pii.
// Run: npx tsx bench/deid/run.ts [--no-world-cities] [--high]
//   --no-world-cities: empties the GeoNames town list first, to show how much of the score
//   depends on a list whose towns overlap the ones the presidio generator drew from.
//   --high: scores the engine with sensitivity 'high' (the unlisted-word layer) instead of 'standard'.
import { SyncRedactor } from 'redact-pii';
import { createRedactor } from '../../src/deid/index.js';
import { dictionaries } from '../../src/deid/dictionaries/index.js';
import { loadAsq, loadPresidio, type Doc } from './corpora.js';
import { machine } from './machine.js';
import { fmt, score, type Scores } from './metrics.js';
import { redactPiiSpans } from './redact-pii-adapter.js';
import { generateSynthetic } from './synthetic.js';

const ORDER = ['NAME', 'ADDRESS', 'LOCATION', 'ZIP', 'DATE', 'AGE', 'PHONE', 'FAX', 'EMAIL', 'SSN', 'MRN', 'HEALTH_PLAN', 'ACCOUNT', 'LICENSE', 'VEHICLE', 'DEVICE', 'URL', 'IP', 'BIOMETRIC', 'ID', 'REDACTED', 'ALL'];

interface Run {
  scores: Scores;
  entities: number;
  entitiesFound: number;
  docsWithLeak: number;
  noPhiDocs: number;
  noPhiAltered: number;
  seconds: number;
  bytes: number;
}

type Engine = (text: string) => { out: string; spans: Array<{ start: number; end: number; type: string }> };

const WORD = /[\p{L}\p{N}]+/gu;
// Titles, prepositions and label words that some gold spans include ("Hospital in Chicago",
// "patient ID: 123"): not identifiers, so they do not decide whether an entity leaked.
const NEUTRAL = /^(?:dr|mr|mrs|ms|miss|prof|mx|in|the|of|at|our|a|an|and|patient|id|site|case)$/i;

/** Entity-level: a gold entity is found when every one of its word tokens is covered. */
function entityFound(text: string, g: { start: number; end: number }, spans: ReadonlyArray<{ start: number; end: number }>, ignored: ReadonlyArray<{ start: number; end: number }>): boolean {
  const seg = text.slice(g.start, g.end);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(seg)) !== null) {
    if (NEUTRAL.test(m[0])) continue;
    const a = g.start + m.index;
    const b = a + m[0].length;
    // The country or state inside an address (IGNORE sub-span) does not decide it either.
    if (ignored.some((s) => s.start <= a && s.end >= b)) continue;
    if (!spans.some((s) => s.start < b && s.end > a)) return false;
  }
  return true;
}

function evaluate(docs: readonly Doc[], engine: Engine): Run {
  // Warm-up pass (JIT, lazy regex compilation) so the timed pass measures steady state.
  for (const d of docs) engine(d.text);
  const scores: Scores = new Map();
  let entities = 0;
  let entitiesFound = 0;
  let docsWithLeak = 0;
  let noPhiDocs = 0;
  let noPhiAltered = 0;
  let bytes = 0;
  let seconds = 0;
  for (const d of docs) {
    bytes += Buffer.byteLength(d.text);
    const t0 = process.hrtime.bigint();
    const r = engine(d.text);
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    score(scores, d.text, d.gold, r.spans);
    let leak = false;
    const ignored = d.gold.filter((g) => g.type === 'IGNORE');
    for (const g of d.gold) {
      if (g.type === 'IGNORE') continue;
      entities++;
      if (entityFound(d.text, g, r.spans, ignored)) entitiesFound++;
      else leak = true;
    }
    if (leak) docsWithLeak++;
    if (d.gold.every((g) => g.type === 'IGNORE')) {
      noPhiDocs++;
      if (r.out !== d.text) noPhiAltered++;
    }
  }
  return { scores, entities, entitiesFound, docsWithLeak, noPhiDocs, noPhiAltered, seconds, bytes };
}

function table(name: string, ours: Run, peer: Run): void {
  console.log(`\n### ${name}`);
  console.log('| type | gold tokens | recall (any type) | recall (same type) | pred tokens | precision | redact-pii recall | ');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const k of ORDER) {
    const t = ours.scores.get(k);
    const p = peer.scores.get(k);
    if (!t && !p) continue;
    if (k === 'REDACTED') continue;
    const g = t ?? { goldTokens: 0, goldHit: 0, goldHitTyped: 0, predTokens: 0, predCorrect: 0 };
    const pr = p ?? { goldTokens: 0, goldHit: 0, goldHitTyped: 0, predTokens: 0, predCorrect: 0 };
    console.log(`| ${k} | ${g.goldTokens} | ${fmt(g.goldHit, g.goldTokens)} | ${k === 'ALL' ? fmt(g.goldHitTyped, g.goldTokens) : fmt(g.goldHitTyped, g.goldTokens)} | ${g.predTokens} | ${fmt(g.predCorrect, g.predTokens)} | ${fmt(pr.goldHit, pr.goldTokens)} |`);
  }
  const pa = peer.scores.get('ALL');
  console.log(`redact-pii overall: recall ${fmt(pa?.goldHit ?? 0, pa?.goldTokens ?? 0)}, precision ${fmt(pa?.predCorrect ?? 0, pa?.predTokens ?? 0)}`);
  console.log(`entity-level recall (every word of the entity hidden): ours ${ours.entitiesFound}/${ours.entities} = ${fmt(ours.entitiesFound, ours.entities)} (${ours.entities - ours.entitiesFound} leaked, ${ours.docsWithLeak} texts with a leak); redact-pii ${fmt(peer.entitiesFound, peer.entities)} (${peer.entities - peer.entitiesFound} leaked)`);
  console.log(`no-PHI texts altered: ours ${ours.noPhiAltered}/${ours.noPhiDocs} (${fmt(ours.noPhiAltered, ours.noPhiDocs)}), redact-pii ${peer.noPhiAltered}/${peer.noPhiDocs} (${fmt(peer.noPhiAltered, peer.noPhiDocs)})`);
  console.log(`throughput on this corpus (${(ours.bytes / 1e6).toFixed(2)} MB, per-text calls, after a warm-up pass; bench/deid/throughput.ts is the reference figure): ours ${(ours.bytes / 1e6 / ours.seconds).toFixed(2)} MB/s, redact-pii ${(peer.bytes / 1e6 / peer.seconds).toFixed(2)} MB/s`);
}

function main(): void {
  const noWorld = process.argv.includes('--no-world-cities');
  if (noWorld) dictionaries().worldCities = new Set();
  console.log(`# De-identification bench${noWorld ? ' (GeoNames town list disabled)' : ''}\n${machine()}`);
  const peerRedactor = new SyncRedactor();
  const peer: Engine = (t) => redactPiiSpans(peerRedactor, t);
  const asq = loadAsq();
  const corpora: Array<[string, Doc[]]> = [
    [`ASQ-PHI (${asq.docs.length} queries; ${asq.unmatched} gold value(s) not found verbatim)`, asq.docs],
    ['presidio-research synth_dataset_v2 (1,500 sentences)', loadPresidio()],
    ['Synthetic therapy corpus (bench/deid/synthetic.ts, 400 docs, seed 42)', generateSynthetic(400, 42)],
  ];
  for (const [name, docs] of corpora) {
    // A fresh redactor per text: mask mode, as a caller redacting unrelated queries would.
    const redactor = createRedactor({ mode: 'mask', sensitivity: process.argv.includes('--high') ? 'high' : 'standard' });
    const ours: Engine = (t) => {
      const r = redactor.redact(t);
      return { out: r.text, spans: r.spans };
    };
    table(name, evaluate(docs, ours), evaluate(docs, peer));
  }
}

main();
