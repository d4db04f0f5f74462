// Throughput of the whole engine (detect + mask) on one core, vs redact-pii.
// Run: npx tsx bench/deid/throughput.ts
import { SyncRedactor } from 'redact-pii';
import { Readable } from 'node:stream';
import { createRedactor, redactStream } from '../../src/deid/index.js';
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

async function main(): Promise<void> {
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
  const bigBuf = Buffer.from(big);
  let tStream = Infinity;
  for (let k = 0; k < 3; k++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bigBuf.length; i += 65_536) chunks.push(bigBuf.subarray(i, i + 65_536));
    const t0 = process.hrtime.bigint();
    for await (const piece of redactStream(Readable.from(chunks), createRedactor({ mode: 'mask' }))) void piece;
    tStream = Math.min(tStream, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  console.log(`ours, same document through redactStream (64 KiB chunks, as the CLI reads stdin): ${(bigMB / tStream).toFixed(2)} MB/s (best of 3)`);
  const sur = createRedactor({ mode: 'surrogate' });
  const tSur = best(1, () => sur.redact(big));
  console.log(`ours, same document in surrogate mode: ${(bigMB / tSur).toFixed(2)} MB/s`);
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

await main();
