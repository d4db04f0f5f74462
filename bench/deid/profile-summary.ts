// Self time by function (and by source line) from a V8 .cpuprofile, heaviest first.
// Run: npx tsx bench/deid/profile-summary.ts <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  positionTicks?: Array<{ line: number; ticks: number }>;
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [rows]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
const lines = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const n = byId.get(id);
  if (!n) return;
  const short = n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${short}:${n.callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + dt);
  total += dt;
});
for (const n of profile.nodes) {
  const short = n.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
  for (const p of n.positionTicks ?? []) lines.set(`${short}:${p.line}`, (lines.get(`${short}:${p.line}`) ?? 0) + p.ticks);
}
const rows = Number.isFinite(Number(rowsArg)) ? Number(rowsArg) : 40;
console.log(`total ${(total / 1000).toFixed(0)} ms`);
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
const tickTotal = [...lines.values()].reduce((a, b) => a + b, 0);
console.log(`\nby line (${tickTotal} ticks)`);
for (const [k, v] of [...lines.entries()].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((100 * v) / tickTotal).toFixed(1).padStart(5)}%  ${k}`);
