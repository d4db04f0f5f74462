import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { withPracticeTx } from '../db/practice-tx.js';
import { Rank, SealPairing } from './seal-pairing.js';
import type { FromRange, RangeInit, RangeResult, ToRange } from './verify-range-protocol.js';
import type { PairSink, Side } from './verify-streamed.js';
import { CopyPair, DEFAULT_MERGE_LIMIT, conclude, eventCopy, sealCopy, walkContext } from './verify-streamed.js';
import type { WalkInput, WalkResult } from './verify.js';

/**
 * The parallel Postgres walk: the seal is cut into `jobs` seq ranges, each read by its own pair of
 * COPY streams (seal rows of the range, events of a slice of the table) and checked in its own
 * thread. Every row is checked on its own against the stored chain before it (seal-pairing.ts), so a
 * range needs only the row before its first one (its anchor), and the first row of each range is
 * checked against the last of the range before: the chain is checked across every split. What a
 * range cannot decide alone is merged here: seal rows and events that met no partner in their range
 * (an event whose row lies in another slice), and rows missing at the end of a range, whose reason
 * names the next row present. The answer is the lowest bad seq, ranked at one seq as the serial walk
 * ranks it, so it is the serial walk's answer.
 * All the transactions read one exported snapshot: the table slices (by row position) then partition
 * exactly the same rows, and the exporting transaction holds its lock on the tables until every range
 * has taken the snapshot, so nothing that moves rows (VACUUM FULL, CLUSTER) can run in between.
 */

/** Bytes forwarded to a range thread and not yet parsed, past which its streams are held. */
const IN_FLIGHT_LIMIT = 8 * 1024 * 1024;
const PROGRESS_EVERY = 1 << 16;

/** Ranges of about equal length covering 1..head; never more ranges than rows. */
export function splitRanges(head: number, jobs: number): { from: number; to: number }[] {
  const n = Math.max(1, Math.min(jobs, head));
  const ranges: { from: number; to: number }[] = [];
  for (let k = 0; k < n; k++) ranges.push({ from: Math.floor((k * head) / n) + 1, to: Math.floor(((k + 1) * head) / n) });
  return ranges;
}

/** Row positions as [block, offset], from the text form "(12,3)" of a tid. */
function parseTid(text: string): [number, number] {
  const m = /^\((\d+),(\d+)\)$/.exec(text);
  if (!m) throw new TypeError('unexpected tid');
  return [Number(m[1]), Number(m[2])];
}

/**
 * Cuts the table at the rows of the events sealed at the ranges' first seqs, so that a range's
 * events mostly meet their seal rows in the same thread. Any cut is correct (the slices partition the
 * table); a cut that misses only sends more rows to the merge.
 */
function tableSlices(cuts: [number, number][], count: number): string[] {
  const sorted = [...new Map(cuts.map((c) => [`${c[0]},${c[1]}`, c])).values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const tid = (c: [number, number]): string => `'(${c[0]},${c[1]})'::tid`;
  const slices: string[] = [];
  for (let i = 0; i <= sorted.length; i++) {
    const lower = i > 0 ? ` and e.ctid >= ${tid(sorted[i - 1]!)}` : '';
    const upper = i < sorted.length ? ` and e.ctid < ${tid(sorted[i]!)}` : '';
    slices.push(lower + upper);
  }
  while (slices.length < count) slices.push(' and false');
  return slices;
}

function startThread(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./verify-range-worker.js', import.meta.url));
  // Run from the TypeScript sources (bin/confidant.js, tests): the thread registers the same loader first.
  const loader = pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx')), 'esm/api/index.mjs')).href;
  const entry = new URL('./verify-range-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(loader)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

/**
 * Threads between walks, kept for the next stream (starting one costs more than checking thousands
 * of events); they do not keep the process alive.
 */
const idleThreads: Worker[] = [];

/** A range thread as the sink of a CopyPair: forwards bytes, tracks what it has parsed. */
class RangeThread implements PairSink {
  sealRows = 0;
  eventRows = 0;
  paired = 0;
  private inFlight = 0;
  readonly result: Promise<RangeResult>;
  private readonly worker: Worker;
  private pair: CopyPair | null = null;
  private failure: Error | null = null;
  private finished = false;
  private readonly listeners: { message: (m: FromRange) => void; error: (err: Error) => void; exit: (code: number) => void };

  constructor(init: RangeInit, onAck: () => void) {
    this.worker = idleThreads.pop() ?? startThread();
    this.worker.ref();
    let settle!: { resolve: (r: RangeResult) => void; reject: (err: Error) => void };
    this.result = new Promise<RangeResult>((resolve, reject) => (settle = { resolve, reject }));
    // Settled through the walk; a failure before then must not surface as unhandled.
    this.result.catch(() => undefined);
    const fail = (err: Error): void => {
      this.failure ??= err;
      this.pair?.abort(err);
      settle.reject(err);
    };
    this.listeners = {
      message: (m) => {
        if (m.type === 'ack') {
          this.inFlight -= m.bytes;
          this.sealRows = m.sealRows;
          this.eventRows = m.eventRows;
          this.paired = m.paired;
          onAck();
        } else if (m.type === 'done') {
          this.finished = true;
          settle.resolve(m.result);
        } else {
          const err = new Error(m.message);
          err.name = m.name;
          fail(err);
        }
      },
      error: fail,
      exit: (code) => fail(new Error(`verify range thread exited (${code})`)),
    };
    this.worker.on('message', this.listeners.message);
    this.worker.on('error', this.listeners.error);
    this.worker.on('exit', this.listeners.exit);
    this.worker.postMessage({ type: 'start', init } satisfies ToRange);
  }

  /** The streams feeding this thread; stopped at once if the thread has already failed. */
  attach(pair: CopyPair): void {
    this.pair = pair;
    if (this.failure) pair.abort(this.failure);
  }

  balance(): void {
    this.pair?.balance();
  }

  get saturated(): boolean {
    return this.failure === null && this.inFlight > IN_FLIGHT_LIMIT;
  }

  push(side: Side, chunk: Buffer): void {
    if (this.failure) throw this.failure;
    // A copy of its own, moved to the thread: the chunk may share memory with other buffers.
    const copy = new Uint8Array(chunk.length);
    copy.set(chunk);
    this.inFlight += copy.byteLength;
    this.worker.postMessage({ type: 'chunk', side, chunk: copy } satisfies ToRange, [copy.buffer]);
  }

  end(side: Side): void {
    this.worker.postMessage({ type: 'end', side } satisfies ToRange);
  }

  /** Back to the idle threads when its range finished cleanly; otherwise it may hold a half-read range. */
  async release(): Promise<void> {
    this.worker.off('message', this.listeners.message);
    this.worker.off('error', this.listeners.error);
    this.worker.off('exit', this.listeners.exit);
    if (this.finished && this.failure === null) {
      this.worker.unref();
      idleThreads.push(this.worker);
    } else {
      // The walk stopped early: its streams must not wait for a thread that is gone.
      this.pair?.abort(this.failure ?? new Error('verify stopped'));
      await this.worker.terminate();
    }
  }
}

/** Returns null when a range or the merge outgrew `mergeLimit`: the caller then runs the paged walk. */
export async function parallelWalk({ db, streamId, head, expectRoot, opts }: WalkInput, jobs: number): Promise<WalkResult | null> {
  const ctx = walkContext(streamId);
  if (!Number.isSafeInteger(head) || head < 0) throw new TypeError('seal head must be a non-negative integer');
  const mergeLimit = opts.mergeLimit ?? DEFAULT_MERGE_LIMIT;
  const ranges = splitRanges(head, jobs);
  let reported = 0;
  const threads: RangeThread[] = [];
  const progress = (): void => {
    const paired = threads.reduce((sum, t) => sum + t.paired, 0);
    if (paired - reported >= PROGRESS_EVERY) {
      reported = paired;
      opts.onProgress?.(paired, head);
    }
  };
  try {
    for (const r of ranges) {
      const roots = [...expectRoot].filter(([seq]) => seq >= r.from && seq <= r.to).map(([seq, list]) => [seq, list.map((w) => ({ label: w.label, root: new Uint8Array(w.root) }))] as RangeInit['expectRoot'][number]);
      const thread = new RangeThread({ head, from: r.from, mergeLimit, expectRoot: roots }, () => {
        thread.balance();
        progress();
      });
      threads.push(thread);
    }

    const runs = await withPracticeTx(db, ctx, async (tx) => {
      const [exported] = await tx.rows<{ id: string }>(sql`select pg_export_snapshot() as id`);
      const firsts = ranges.slice(1).map((r) => r.from);
      const cuts = (
        await tx.rows<{ tid: string }>(sql`select e.ctid::text as tid from audit_seal s
          join audit_events e on e.practice_id = s.practice_id and e.id = s.event_id
          where s.practice_id = app_practice_id() and s.seq = any(${`{${firsts.join(',')}}`}::bigint[])`)
      ).map((r) => parseTid(r.tid));
      const slices = tableSlices(cuts, ranges.length);
      // This transaction stays open until every range's two transactions have taken its snapshot.
      let waiting = ranges.length * 2;
      let allOpened!: () => void;
      const opened = new Promise<void>((resolve) => (allOpened = resolve));
      const runs = ranges.map((r, k) => {
        const thread = threads[k]!;
        const pair = new CopyPair(thread);
        thread.attach(pair);
        const seen = new Set<Side>();
        const snapshot = {
          id: exported!.id,
          opened: (side: Side): void => {
            if (seen.has(side)) return;
            seen.add(side);
            if (--waiting === 0) allOpened();
          },
        };
        return pair.run(db, ctx, { seal: sealCopy(r.from, r.to), events: eventCopy(slices[k]) }, snapshot).then(() => thread.result);
      });
      for (const run of runs) run.catch(() => undefined);
      await opened;
      return runs;
    });
    const settled = await Promise.allSettled(runs);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    const results = settled.map((s) => (s as PromiseFulfilledResult<RangeResult>).value);
    if (results.some((r) => r.overflow)) return null;

    const merged = new SealPairing({ head, expectRoot: new Map(), mergeLimit, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    results.forEach((r, k) => {
      if (r.worst) merged.fault(r.worst.seq, r.worst.rank, r.worst.failure.eventId, r.worst.failure.reason);
      merged.paired += r.paired;
      merged.deferred.push(...r.deferred);
      // Rows missing at the end of a range: the serial walk names the next row present, the first row of a later range.
      const to = ranges[k]!.to;
      if (r.expected <= to) {
        const next = results.slice(k + 1).find((later) => later.firstSeq !== null)?.firstSeq;
        merged.fault(r.expected, Rank.RowMissing, null, next !== undefined && next !== null ? `seal row ${r.expected} is missing (next row is ${next}): a sealed event was deleted` : `seal row ${r.expected} is missing (the seal ends early)`);
      }
    });
    for (const r of results) for (const [key, seq, leaf] of r.seals) merged.adoptSeal(key, seq, leaf);
    for (const r of results) for (const [key, leaf, queued] of r.events) merged.adoptEvent(key, leaf, queued);
    if (merged.overflow) return null;
    merged.finishPairs();
    return await conclude(db, ctx, merged, head);
  } finally {
    await Promise.all(threads.map((t) => t.release()));
  }
}
