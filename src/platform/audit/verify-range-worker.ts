import { parentPort } from 'node:worker_threads';
import type { ExpectedRoots } from './verify.js';
import type { RangeInit, RangeResult, ToRange } from './verify-range-protocol.js';
import { SealPairing } from './seal-pairing.js';

/**
 * One seq range of the parallel verify walk at a time, in its own thread: the main thread forwards
 * the bytes of the range's two COPY streams, this thread parses, hashes and pairs them
 * (seal-pairing.ts) and answers with what the merge needs, then waits for the next range.
 * Acknowledging each chunk lets the main thread hold the streams when this thread falls behind.
 */
const port = parentPort!;
let pairing: SealPairing | null = null;
let ended = { seal: false, events: false };

function begin(init: RangeInit): void {
  const expectRoot: ExpectedRoots = new Map(init.expectRoot.map(([seq, roots]) => [seq, roots.map((r) => ({ label: r.label, root: Buffer.from(r.root) }))]));
  pairing = new SealPairing({ head: init.head, from: init.from, expectRoot, mergeLimit: init.mergeLimit });
  ended = { seal: false, events: false };
}

port.on('message', (m: ToRange) => {
  try {
    if (m.type === 'start') {
      begin(m.init);
      return;
    }
    if (!pairing) throw new Error('verify range thread: no range started');
    if (m.type === 'chunk') {
      const reader = m.side === 'seal' ? pairing.sealReader : pairing.eventReader;
      reader.push(Buffer.from(m.chunk.buffer, m.chunk.byteOffset, m.chunk.byteLength));
      port.postMessage({ type: 'ack', bytes: m.chunk.byteLength, sealRows: pairing.sealRows, eventRows: pairing.eventRows, paired: pairing.paired });
      return;
    }
    (m.side === 'seal' ? pairing.sealReader : pairing.eventReader).finish();
    ended[m.side] = true;
    if (!ended.seal || !ended.events) return;
    const result: RangeResult = {
      overflow: pairing.overflow,
      worst: pairing.worst,
      expected: pairing.expected,
      firstSeq: pairing.firstSeq,
      paired: pairing.paired,
      deferred: pairing.deferred,
      ...pairing.leftovers(),
    };
    pairing = null;
    port.postMessage({ type: 'done', result });
  } catch (err) {
    pairing = null;
    const e = err instanceof Error ? err : new Error(String(err));
    port.postMessage({ type: 'error', name: e.name, message: e.message });
  }
});
