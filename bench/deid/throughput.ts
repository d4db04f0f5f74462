// Throughput of the whole engine (detect + mask) on one core, vs redact-pii.
// Run: npx tsx bench/deid/throughput.ts
import { SyncRedactor } from 'redact-pii';
import { createRedactor } from '../../src/deid/index.js';
import { loadAsq } from './corpora.js';
import { machine } from './machine.js';
import { generateSynthetic } from './synthetic.js';

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return min;
}

function main(): void {
  console.log(`# De-identification throughput (single thread)\n${machine()}`);
  const docs = generateSynthetic(400, 7).map((d) => d.text);
  let big = '';
  while (big.length < 5_000_000) big += docs.join('\n\n') + '\n\n';
  const bigMB = Buffer.byteLength(big) / 1e6;
  const asq = loadAsq().docs.map((d) => d.text);
  const asqMB = asq.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;

  const ours = createRedactor({ mode: 'mask' });
  ours.redact(docs.join('\n')); // warm-up (dictionaries, JIT)
  const tBig = best(3, () => ours.redact(big));
  const tAsq = best(5, () => {
    for (const t of asq) ours.redact(t);
  });
  console.log(`ours, one ${bigMB.toFixed(1)} MB transcript-style document: ${(bigMB / tBig).toFixed(2)} MB/s (best of 3: ${tBig.toFixed(2)} s)`);
  console.log(`ours, ASQ-PHI ${asq.length} short queries (${asqMB.toFixed(2)} MB): ${(asqMB / tAsq).toFixed(2)} MB/s (best of 5)`);

  const peer = new SyncRedactor();
  const oneMB = big.slice(0, 1_000_000);
  const peerMB = Buffer.byteLength(oneMB) / 1e6;
  peer.redact(docs[0] ?? '');
  const tPeer = best(2, () => peer.redact(oneMB));
  const tPeerAsq = best(3, () => {
    for (const t of asq) peer.redact(t);
  });
  console.log(`redact-pii, ${peerMB.toFixed(1)} MB of the same document: ${(peerMB / tPeer).toFixed(2)} MB/s (best of 2)`);
  console.log(`redact-pii, ASQ-PHI short queries: ${(asqMB / tPeerAsq).toFixed(2)} MB/s (best of 3)`);
}

main();
