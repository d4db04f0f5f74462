import type { Rank } from './seal-pairing.js';
import type { VerifyFailure } from './verify.js';

/** Messages between the parallel verify walk (verify-parallel.ts) and its range threads (verify-range-worker.ts). */

export interface RangeInit {
  head: number;
  /** First seq of the range; its seal stream starts at the anchor row `from - 1`. */
  from: number;
  mergeLimit: number;
  /** Roots expected inside the range: [seq, [{label, root}]]. */
  expectRoot: [number, { label: string; root: Uint8Array }[]][];
}

export type ToRange = { type: 'start'; init: RangeInit } | { type: 'chunk'; side: 'seal' | 'events'; chunk: Uint8Array } | { type: 'end'; side: 'seal' | 'events' };

export interface RangeResult {
  overflow: boolean;
  worst: { seq: number; rank: Rank; failure: VerifyFailure } | null;
  /** The next seq the range expected when its seal stream ended: at most its last seq when rows are missing at its end. */
  expected: number;
  firstSeq: number | null;
  paired: number;
  deferred: { seq: number; key: string; leaf: string }[];
  /** Seal rows (event key, seq, stored leaf) and events (key, leaf, queued) that met no partner in the range. */
  seals: [string, number, string][];
  events: [string, string | null, boolean][];
}

export type FromRange =
  | { type: 'ack'; bytes: number; sealRows: number; eventRows: number; paired: number }
  | { type: 'done'; result: RangeResult }
  | { type: 'error'; name: string; message: string };
