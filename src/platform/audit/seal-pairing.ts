import { hash } from 'node:crypto';
import { GENESIS_HASH } from './canonical-fields.js';
import { CANONICAL_SCRATCH_BYTES, CanonicalWriter } from './canonical-binary.js';
import { CopyBinaryReader } from './copy-binary.js';
import type { ExpectedRoots, VerifyFailure } from './verify.js';

/**
 * The checks of the streamed verify walk, fed with two binary COPY streams in any relative order:
 * the seal (seq, event_id, leaf_hash, chain_hash) in seq order, and the stream's events (the 15
 * canonical columns, then whether the event is queued). No I/O here: verify-streamed.ts reads.
 *
 * Each row is checked on its own, which is what lets the two streams arrive in any relative order:
 * - the chain of seal row n is checked against the stored chain of row n-1, not a recomputed one;
 *   if every row before n passed, the two are equal, so the first bad row is the one a walk
 *   recomputing the chain from genesis would stop at;
 * - an event's leaf is recomputed from its fields when it arrives and compared with the stored leaf
 *   of its seal row when the two meet (paired by event id).
 * The first bad row is then the lowest seq with a fault, and at one seq the faults rank as the paged
 * walk meets them (missing event, changed event, broken chain, checkpoint mismatch).
 */

const CHAIN_DOMAIN = Buffer.from('confidant-audit-chain-v1\n', 'utf8');
const PREV_AT = CHAIN_DOMAIN.length;
const SEQ_AT = PREV_AT + 32;
const LEAF_AT = SEQ_AT + 8;
const PROGRESS_EVERY = 1 << 16;

export const Rank = { RowMissing: 0, EventMissing: 1, EventChanged: 2, ChainBroken: 3, RootMismatch: 4 } as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

const HEX = '0123456789abcdef';
export function uuidText(buf: Buffer, start: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    const b = buf[start + i]!;
    s += HEX[b >> 4]! + HEX[b & 15]!;
  }
  return s;
}
/** Event ids are kept as 16-character latin1 strings (cheap map keys). */
export const uuidOfKey = (key: string): string => uuidText(Buffer.from(key, 'latin1'), 0);

/** 8-byte big-endian integers from COPY: exact below 2^53, which seq never reaches. */
const int64 = (buf: Buffer, at: number): number => buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);

interface SealEntry {
  seq: number;
  leaf: string;
}
interface EventEntry {
  /** The recomputed leaf (latin1 of the 32 bytes), or null when it must be computed from SQL text. */
  leaf: string | null;
  queued: boolean;
}

export interface PairingOptions {
  head: number;
  /**
   * The first seq this pairing checks (default 1), for a range of the parallel walk: its seal stream
   * then starts at row `from - 1`, whose stored chain is the one row `from` links to.
   */
  from?: number;
  expectRoot: ExpectedRoots;
  /** Most seal rows and events waiting for their partner; past it `overflow` is set and rows are ignored. */
  mergeLimit: number;
  onProgress?: (checked: number, total: number) => void;
}

export class SealPairing {
  readonly sealReader: CopyBinaryReader;
  readonly eventReader: CopyBinaryReader;
  sealRows = 0;
  eventRows = 0;
  overflow = false;
  paired = 0;
  /** The next seq the seal stream should bring. */
  expected: number;
  /** The first seal row of the range that arrived (not the anchor row before it). */
  firstSeq: number | null = null;
  private awaitingAnchor: boolean;
  private best: { seq: number; rank: Rank; failure: VerifyFailure } | null = null;
  private readonly waitingSeals = new Map<string, SealEntry>();
  private readonly waitingEvents = new Map<string, EventEntry>();
  /** Events whose leaf the binary path cannot compute: their seq, id key and stored leaf. */
  readonly deferred: { seq: number; key: string; leaf: string }[] = [];
  private readonly chainInput = Buffer.alloc(LEAF_AT + 32);
  private readonly writer = new CanonicalWriter();
  private readonly scratch = Buffer.alloc(CANONICAL_SCRATCH_BYTES);
  /** scratch[0, n) by n: canonical forms take few distinct lengths, so no view is made per event. */
  private readonly scratchViews: Buffer[] = [];

  constructor(private readonly opts: PairingOptions) {
    this.expected = opts.from ?? 1;
    this.awaitingAnchor = this.expected > 1;
    CHAIN_DOMAIN.copy(this.chainInput, 0);
    GENESIS_HASH.copy(this.chainInput, PREV_AT);
    this.sealReader = new CopyBinaryReader(4, (buf, start, length) => this.sealRow(buf, start, length));
    this.eventReader = new CopyBinaryReader(16, (buf, start, length) => this.eventRow(buf, start, length));
  }

  fault(seq: number, rank: Rank, eventId: string | null, reason: string): void {
    const b = this.best;
    if (!b || seq < b.seq || (seq === b.seq && rank < b.rank)) this.best = { seq, rank, failure: { seq, eventId, reason } };
  }

  private sealRow(buf: Buffer, start: Int32Array, length: Int32Array): void {
    if (this.overflow) return;
    this.sealRows += 1;
    const seqAt = start[0]!;
    const idAt = start[1]!;
    const leafAt = start[2]!;
    const chainAt = start[3]!;
    if (length[0] !== 8 || length[1] !== 16 || length[2] !== 32 || length[3] !== 32) throw new TypeError('unexpected audit_seal row shape');
    const seq = int64(buf, seqAt);
    if (this.awaitingAnchor) {
      this.awaitingAnchor = false;
      if (seq === this.expected - 1) {
        for (let i = 0; i < 32; i++) this.chainInput[PREV_AT + i] = buf[chainAt + i]!;
        return;
      }
      // No anchor row: it is missing, and the range before this one reports it at a lower seq.
    }
    if (this.firstSeq === null) this.firstSeq = seq;
    if (seq !== this.expected) this.fault(this.expected, Rank.RowMissing, null, `seal row ${this.expected} is missing (next row is ${seq}): a sealed event was deleted`);
    const input = this.chainInput;
    // Byte loops: Buffer#copy's argument checks cost more than copying 8 or 32 bytes.
    for (let i = 0; i < 8; i++) input[SEQ_AT + i] = buf[seqAt + i]!;
    for (let i = 0; i < 32; i++) input[LEAF_AT + i] = buf[leafAt + i]!;
    const chain = hash('sha256', input, 'buffer');
    if (chain.compare(buf, chainAt, chainAt + 32) !== 0) {
      this.fault(seq, Rank.ChainBroken, uuidText(buf, idAt), `chain broken at seq ${seq}: the seal rows were reordered or rewritten`);
    } else {
      const roots = this.opts.expectRoot.get(seq);
      if (roots) {
        for (const want of roots) {
          if (!want.root.equals(chain)) this.fault(seq, Rank.RootMismatch, uuidText(buf, idAt), `${want.label} does not match the log: history up to seq ${seq} was rewritten`);
        }
      }
    }
    for (let i = 0; i < 32; i++) input[PREV_AT + i] = buf[chainAt + i]!;
    this.expected = seq + 1;

    this.adoptSeal(buf.toString('latin1', idAt, idAt + 16), seq, buf.toString('latin1', leafAt, leafAt + 32));
  }

  /** A seal row to pair (from the stream, or left unpaired by a range of the parallel walk). */
  adoptSeal(key: string, seq: number, leaf: string): void {
    const entry: SealEntry = { seq, leaf };
    const event = this.waitingEvents.get(key);
    if (event) {
      this.waitingEvents.delete(key);
      this.pair(entry, key, event);
    } else if (this.waitingSeals.has(key)) {
      this.fault(seq, Rank.EventMissing, uuidOfKey(key), `event ${uuidOfKey(key)} is sealed twice (again at seq ${seq})`);
    } else {
      this.waitingSeals.set(key, entry);
      this.checkSize();
    }
  }

  private eventRow(buf: Buffer, start: Int32Array, length: Int32Array): void {
    if (this.overflow) return;
    this.eventRows += 1;
    const idAt = start[1]!;
    const key = buf.toString('latin1', idAt, idAt + 16);
    const size = this.writer.write(buf, start, length, 0, this.scratch);
    // 'binary' is latin1: the same string form as the stored leaf it is compared with.
    this.adoptEvent(key, size < 0 ? null : hash('sha256', (this.scratchViews[size] ??= this.scratch.subarray(0, size)), 'binary'), buf[start[15]!] === 1);
  }

  /** An event to pair (from the stream, or left unpaired by a range of the parallel walk). */
  adoptEvent(key: string, leaf: string | null, queued: boolean): void {
    const entry: EventEntry = { leaf, queued };
    const seal = this.waitingSeals.get(key);
    if (seal) {
      this.waitingSeals.delete(key);
      this.pair(seal, key, entry);
    } else {
      this.waitingEvents.set(key, entry);
      this.checkSize();
    }
  }

  private pair(seal: SealEntry, key: string, event: EventEntry): void {
    this.paired += 1;
    if (event.leaf === null) this.deferred.push({ seq: seal.seq, key, leaf: seal.leaf });
    else if (event.leaf !== seal.leaf) {
      const id = uuidOfKey(key);
      this.fault(seal.seq, Rank.EventChanged, id, `event ${id} at seq ${seal.seq} does not match its seal: changed after sealing`);
    }
    if ((this.paired & (PROGRESS_EVERY - 1)) === 0) this.opts.onProgress?.(this.paired, this.opts.head);
  }

  private checkSize(): void {
    if (this.waitingSeals.size + this.waitingEvents.size > this.opts.mergeLimit) this.overflow = true;
  }

  /** After both streams ended: the seal rows whose event never came, and a seal shorter than its head. */
  finishStreams(): void {
    if (this.expected <= this.opts.head) this.fault(this.expected, Rank.RowMissing, null, `seal row ${this.expected} is missing (the seal ends early)`);
    this.finishPairs();
  }

  /** The seal rows whose event never came are faults; progress is reported at its final count. */
  finishPairs(): void {
    for (const [key, seal] of this.waitingSeals) {
      const id = uuidOfKey(key);
      this.fault(seal.seq, Rank.EventMissing, id, `event ${id} sealed at seq ${seal.seq} is missing: deleted after sealing`);
    }
    this.opts.onProgress?.(this.paired, this.opts.head);
  }

  get failure(): VerifyFailure | null {
    return this.best?.failure ?? null;
  }

  /** The lowest fault with its rank, to merge the ranges of the parallel walk. */
  get worst(): { seq: number; rank: Rank; failure: VerifyFailure } | null {
    return this.best;
  }

  /** What a range hands over to the merge: rows still waiting for their partner. */
  leftovers(): { seals: [string, number, string][]; events: [string, string | null, boolean][] } {
    return {
      seals: [...this.waitingSeals].map(([key, s]) => [key, s.seq, s.leaf]),
      events: [...this.waitingEvents].map(([key, e]) => [key, e.leaf, e.queued]),
    };
  }

  /** Events the seal does not cover: how many, and the ids of those not queued when read. */
  unsealedEvents(): { count: number; unqueued: string[] } {
    const unqueued: string[] = [];
    for (const [key, event] of this.waitingEvents) if (!event.queued) unqueued.push(uuidOfKey(key));
    return { count: this.waitingEvents.size, unqueued };
  }
}
