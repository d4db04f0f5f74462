// Short-text throughput as a distribution: the ASQ-PHI queries redacted 25 times per sensitivity,
// the two sensitivities and redact-pii (a control for the machine's own speed) alternating, each
// pass timed in CPU-seconds of this process. The median of many passes is steadier than one
// best-of-5 on a virtual machine whose speed changes with its neighbours' load.
// Run: npx tsx bench/deid/short-median.ts [passes]
import { SyncRedactor } from 'redact-pii';
import { createRedactor } from '../../src/deid/index.js';
import { loadAsq } from './corpora.js';
import { machine } from './machine.js';

const passes = Number(process.argv[2] ?? 25);
const queries = loadAsq().docs.map((d) => d.text);
const mb = queries.reduce((n, q) => n + Buffer.byteLength(q), 0) / 1e6;
const peer = new SyncRedactor();
const redactors = {
  standard: createRedactor({ mode: 'mask' }),
  high: createRedactor({ mode: 'mask', sensitivity: 'high' }),
  'redact-pii (control)': { redact: (t: string) => peer.redact(t) },
};
const rates: Record<keyof typeof redactors, number[]> = { standard: [], high: [], 'redact-pii (control)': [] };
for (const r of Object.values(redactors)) for (const q of queries) r.redact(q); // warm-up, word lists loaded
for (let p = 0; p < passes; p++) {
  for (const [name, r] of Object.entries(redactors) as Array<[keyof typeof redactors, { redact: (t: string) => unknown }]>) {
    const c0 = process.cpuUsage();
    for (const q of queries) r.redact(q);
    const c = process.cpuUsage(c0);
    rates[name].push(mb / ((c.user + c.system) / 1e6));
  }
}
const q = (xs: number[], f: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(f * xs.length))] as number;
console.log(`# Short queries, MB/s per CPU-second over ${passes} passes each (${queries.length} ASQ-PHI queries, ${mb.toFixed(2)} MB)\n${machine()}`);
for (const [name, xs] of Object.entries(rates)) console.log(`${name}: median ${q(xs, 0.5).toFixed(2)}, quartiles ${q(xs, 0.25).toFixed(2)}-${q(xs, 0.75).toFixed(2)}, range ${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}`);
