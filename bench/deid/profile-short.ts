// Redacts the ASQ-PHI short queries many times, for a CPU profile of the fixed cost per call.
// Run: npx tsx --cpu-prof --cpu-prof-dir=/tmp/dprof bench/deid/profile-short.ts [rounds]
//      npx tsx bench/deid/profile-summary.ts "$(ls -S /tmp/dprof/*.cpuprofile | head -1)"
// (tsx writes two profiles, its launcher's and the script's: the larger one is the script's.
// Under tsx every function of a module reports line 1; for line figures, transpile the modules
// to JavaScript first, e.g. with esbuild, and profile those with plain node.)
import { createRedactor } from '../../src/deid/index.js';
import { loadAsq } from './corpora.js';

const rounds = Number(process.argv[2] ?? 30);
const asq = loadAsq().docs.map((d) => d.text);
const redactor = createRedactor({ mode: 'mask' });
const c0 = process.cpuUsage();
for (let r = 0; r < rounds; r++) for (const t of asq) redactor.redact(t);
const c = process.cpuUsage(c0);
const calls = rounds * asq.length;
console.log(`${calls} calls, ${(((c.user + c.system) / calls)).toFixed(1)} us CPU per call`);
