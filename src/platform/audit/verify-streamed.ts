import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { PracticeContext } from '../db/practice-tx.js';
import type { CanonicalEvent } from './canonical.js';
import { canonicalColumns, leafHash } from './canonical.js';
import { canonicalBinaryColumns } from './canonical-binary.js';
import { Rank, SealPairing, uuidOfKey } from './seal-pairing.js';
import { SYSTEM_ROLE } from './seal.js';
import type { WalkInput, WalkResult } from './verify.js';

/**
 * The Postgres walk. Two COPY streams, each on its own connection: the seal in seq order and the
 * stream's events in table order, both cheap sequential reads for the server (joining them there
 * costs an index probe per event, several times the read itself). SealPairing pairs and checks them.
 * verify-parallel.ts runs several such pairs over seq ranges.
 */

/** Rows one stream may run ahead of the other before it is paused: keeps the pairing maps small. */
const AHEAD_LIMIT = 20_000;
/** Unqueued-event candidates checked by id; beyond this the final check scans the stream instead. */
const CANDIDATE_LIMIT = 10_000;
export const DEFAULT_MERGE_LIMIT = 1_000_000;

export type Side = 'seal' | 'events';
export interface CopyStatement {
  settings: string;
  statement: string;
}

/** Where the bytes of a seal stream and an event stream go: a pairing in this thread, or a range thread. */
export interface PairSink {
  /** Throws on bytes that are not the expected binary COPY rows. */
  push(side: Side, chunk: Buffer): void;
  /** Throws when the stream ended before its trailer. */
  end(side: Side): void;
  readonly sealRows: number;
  readonly eventRows: number;
  /** While true the consumer has as many bytes waiting as it wants: both streams are held. */
  readonly saturated: boolean;
}

/** The seal rows `from - 1 .. to` (the row before `from` anchors the range's chain) in seq order. */
export function sealCopy(from: number, to: number): CopyStatement {
  for (const n of [from, to]) if (!Number.isSafeInteger(n) || n < 0) throw new TypeError('seal range must be non-negative integers');
  return {
    // The seal is read along its primary key, already in seq order: with a stream that is a large part
    // of the table the planner would rather scan in parallel and sort, at three times the server time.
    // One backend per stream, no JIT: verify already keeps the cores busy, and JIT costs more than it
    // saves on these plain scans.
    settings: 'set local max_parallel_workers_per_gather = 0; set local jit = off; set local enable_seqscan = off; set local enable_bitmapscan = off',
    statement: `copy (select seq, event_id, leaf_hash, chain_hash from audit_seal
      where practice_id = app_practice_id() and seq >= ${Math.max(0, from - 1)} and seq <= ${to} order by seq) to stdout (format binary)`,
  };
}

/**
 * The stream's events (all of them, or those whose row lies in a slice of the table given as a
 * trusted SQL condition on e.ctid), in whatever order the table gives them: in practice the order
 * they were written, close to the seal's. Sorting them would cost the server twice the read.
 */
export function eventCopy(slice = ''): CopyStatement {
  return {
    settings: 'set local max_parallel_workers_per_gather = 0; set local jit = off',
    statement: `copy (select ${canonicalBinaryColumns('e')}, q.event_id is not null
      from audit_events e left join audit_seal_queue q on q.practice_id = e.practice_id and q.event_id = e.id
      where e.practice_id = app_practice_id()${slice}) to stdout (format binary)`,
  };
}

/**
 * Runs a seal COPY and an event COPY, each in its own practice-scoped transaction, both flowing at
 * once; one that runs ahead of the other is paused until the other catches up.
 */
export class CopyPair {
  private readonly streams: { seal?: Readable; events?: Readable } = {};
  private readonly ended = { seal: false, events: false };
  private broken = false;

  constructor(private readonly sink: PairSink) {}

  balance(): void {
    const { sink, streams, ended, broken } = this;
    const ahead = sink.sealRows - sink.eventRows;
    // Only wait for a stream that is flowing: with a one-connection pool the second starts only
    // when the first has ended (the pairing then holds more, or falls back past mergeLimit).
    const holdSeal = !broken && ((streams.events !== undefined && !ended.events && ahead > AHEAD_LIMIT) || sink.saturated);
    const holdEvents = !broken && ((streams.seal !== undefined && !ended.seal && -ahead > AHEAD_LIMIT) || sink.saturated);
    for (const [stream, hold, done] of [
      [streams.seal, holdSeal, ended.seal],
      [streams.events, holdEvents, ended.events],
    ] as const) {
      if (!stream || done) continue;
      if (hold) stream.pause();
      else stream.resume();
    }
  }

  /** Stops both streams (the consumer failed); the run then rejects with `err`. */
  abort(err: Error): void {
    this.broken = true;
    for (const side of ['seal', 'events'] as const) if (!this.ended[side]) this.streams[side]?.destroy(err);
    this.balance();
  }

  /**
   * Both transactions read the snapshot `snapshot` when given (pg_export_snapshot of the caller);
   * `opened` is called once per side when its transaction has taken it.
   */
  async run(db: Database, ctx: PracticeContext, copies: Record<Side, CopyStatement>, snapshot?: { id: string; opened: (side: Side) => void }): Promise<void> {
    const sides = await Promise.allSettled((['seal', 'events'] as const).map((side) => this.consume(db, ctx, side, copies[side], snapshot)));
    for (const s of sides) if (s.status === 'rejected') throw s.reason;
  }

  private consume(db: Database, ctx: PracticeContext, side: Side, copy: CopyStatement, snapshot?: { id: string; opened: (side: Side) => void }): Promise<void> {
    const run = withPracticeTx(
      db,
      ctx,
      async (tx) => {
        snapshot?.opened(side);
        if (!tx.copyOut) throw new Error('streamed verify needs a Postgres connection');
        if (this.broken) throw new Error('verify stopped');
        await tx.exec(copy.settings);
        const stream = tx.copyOut(copy.statement);
        this.streams[side] = stream;
        await new Promise<void>((resolve, reject) => {
          stream.on('data', (chunk: Buffer) => {
            try {
              this.sink.push(side, chunk);
            } catch (err) {
              stream.destroy(err as Error);
              return;
            }
            this.balance();
          });
          stream.on('end', () => {
            this.ended[side] = true;
            this.balance();
            try {
              this.sink.end(side);
              resolve();
            } catch (err) {
              reject(err as Error);
            }
          });
          stream.on('error', (err) => {
            // The other stream must not stay paused waiting for this one.
            this.broken = true;
            this.ended[side] = true;
            this.balance();
            reject(err);
          });
        });
      },
      snapshot ? { snapshot: snapshot.id } : {},
    );
    // A transaction that failed before taking the snapshot must not leave its exporter waiting.
    if (snapshot) void run.catch(() => snapshot.opened(side));
    return run;
  }
}

/** The pairing in this thread as a PairSink. */
function localSink(pairing: SealPairing): PairSink {
  return {
    push: (side, chunk) => (side === 'seal' ? pairing.sealReader : pairing.eventReader).push(chunk),
    end: (side) => (side === 'seal' ? pairing.sealReader : pairing.eventReader).finish(),
    get sealRows() {
      return pairing.sealRows;
    },
    get eventRows() {
      return pairing.eventRows;
    },
    saturated: false,
  };
}

export const walkContext = (streamId: string): PracticeContext => ({ practiceId: streamId, userId: null, role: SYSTEM_ROLE });

/** Returns null when the pairing outgrew `mergeLimit`: the caller then runs the paged walk. */
export async function streamedWalk({ db, streamId, head, expectRoot, opts }: WalkInput): Promise<WalkResult | null> {
  const ctx = walkContext(streamId);
  if (!Number.isSafeInteger(head) || head < 0) throw new TypeError('seal head must be a non-negative integer');
  const pairing = new SealPairing({ head, expectRoot, mergeLimit: opts.mergeLimit ?? DEFAULT_MERGE_LIMIT, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
  // COPY takes no parameters: the practice comes from the transaction (app_practice_id()), head is a checked integer.
  await new CopyPair(localSink(pairing)).run(db, ctx, { seal: sealCopy(1, head), events: eventCopy() });
  if (pairing.overflow) return null;
  pairing.finishStreams();
  return conclude(db, ctx, pairing, head);
}

/** After the streams: events checked from SQL text, then the first bad row, or the events the seal does not cover. */
export async function conclude(db: Database, ctx: PracticeContext, pairing: SealPairing, head: number): Promise<WalkResult> {
  if (pairing.deferred.length > 0) await checkDeferred(db, ctx, pairing);
  const unsealed = pairing.unsealedEvents();
  const failure = pairing.failure;
  if (failure) return { failure, sealed: Math.max(0, (failure.seq ?? 1) - 1), pending: unsealed.count, unqueued: null };
  const unqueued = unsealed.unqueued.length === 0 ? null : await firstUnqueued(db, ctx, unsealed.unqueued);
  return { failure: null, sealed: head, pending: unsealed.count, unqueued };
}

/** Leaves of events the binary path cannot format (timestamps outside 1900-9999...), from the sealer's own SQL text forms. */
async function checkDeferred(db: Database, ctx: PracticeContext, pairing: SealPairing): Promise<void> {
  for (let i = 0; i < pairing.deferred.length; i += 1000) {
    const batch = pairing.deferred.slice(i, i + 1000);
    const ids = batch.map((d) => uuidOfKey(d.key));
    const rows = await withPracticeTx(db, ctx, (tx) =>
      tx.rows<CanonicalEvent>(sql`select ${canonicalColumns('e')} from audit_events e
        where e.practice_id = ${ctx.practiceId} and e.id = any(${`{${ids.join(',')}}`}::uuid[])`),
    );
    const leaves = new Map(rows.map((r) => [r.id!, leafHash(r).toString('latin1')]));
    batch.forEach((d, j) => {
      const id = ids[j]!;
      const leaf = leaves.get(id);
      if (leaf === undefined) pairing.fault(d.seq, Rank.EventMissing, id, `event ${id} sealed at seq ${d.seq} is missing: deleted after sealing`);
      else if (leaf !== d.leaf) pairing.fault(d.seq, Rank.EventChanged, id, `event ${id} at seq ${d.seq} does not match its seal: changed after sealing`);
    });
  }
}

/**
 * Events the seal does not cover and that were not queued when the events were read: either sealed
 * since (the sealer may run during verify) or inserted beside the application. Asked again now.
 */
async function firstUnqueued(db: Database, ctx: PracticeContext, candidates: string[]): Promise<string | null> {
  const only = candidates.length <= CANDIDATE_LIMIT ? sql`and e.id = any(${`{${candidates.join(',')}}`}::uuid[])` : sql``;
  const [row] = await withPracticeTx(db, ctx, (tx) =>
    tx.rows<{ id: string }>(sql`select e.id::text as id from audit_events e
      where e.practice_id = ${ctx.practiceId} ${only}
        and not exists (select 1 from audit_seal s where s.practice_id = e.practice_id and s.event_id = e.id)
        and not exists (select 1 from audit_seal_queue q where q.practice_id = e.practice_id and q.event_id = e.id)
      order by e.occurred_at, e.id limit 1`),
  );
  return row?.id ?? null;
}
