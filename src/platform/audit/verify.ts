import os from 'node:os';
import type { KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { CanonicalEvent } from './canonical.js';
import { GENESIS_HASH, canonicalColumns, chainHash, leafHash } from './canonical.js';
import type { Checkpoint } from './checkpoint.js';
import { storedCheckpoints } from './checkpoint.js';
import { SYSTEM_ROLE, lastSeal } from './seal.js';
import { verifyCheckpointSignature } from './signer.js';
import { parallelWalk } from './verify-parallel.js';
import { streamedWalk } from './verify-streamed.js';

export interface VerifyFailure {
  seq: number | null;
  eventId: string | null;
  reason: string;
}

export interface VerifyResult {
  streamId: string;
  ok: boolean;
  /** Sealed events checked. */
  sealed: number;
  /** Events queued for the next sealer run (normal; not yet covered by the chain). */
  pending: number;
  /** Stored checkpoints whose signature and root were checked. */
  checkpoints: number;
  /** The customer's saved checkpoint was proved to be a prefix of the current log. */
  savedCheckpointProved: boolean;
  failure: VerifyFailure | null;
}

export interface VerifyOptions {
  publicKeyFor: (keyId: string) => KeyObject | null;
  /** A checkpoint the customer saved earlier: the current log must extend it. */
  saved?: { checkpoint: Checkpoint; publicKey: KeyObject } | null;
  /** Rows per query of the paged walk (PGlite, and the fallback of the streamed one). */
  pageSize?: number;
  /**
   * Most events and seal rows the streamed walk (Postgres) holds while pairing them; past it, verify
   * falls back to the paged walk, which needs no memory per event. Default 1,000,000.
   */
  mergeLimit?: number;
  /**
   * Seq ranges checked side by side on Postgres, each on two connections and in its own thread
   * (verify-parallel.ts). Default: the CPUs available. Capped so the walk never asks for more
   * connections than the pool has (two per range and one for the snapshot they share); 1 is the
   * serial walk.
   */
  jobs?: number;
  /** Called as events are checked, with the number checked so far and the seal head (progress bars). */
  onProgress?: (checked: number, total: number) => void;
}

/** Roots a stream must have at given seqs: stored checkpoints and the customer's saved one. */
export type ExpectedRoots = Map<number, { label: string; root: Buffer }[]>;

/** What a walk over the seal found: the first bad row, the events checked, events not yet sealed. */
export interface WalkResult {
  failure: VerifyFailure | null;
  /** Rows checked before the first bad one (all of them when nothing is wrong). */
  sealed: number;
  pending: number;
  /** The earliest event that is neither sealed nor queued, if any. */
  unqueued: string | null;
}

export interface WalkInput {
  db: Database;
  streamId: string;
  head: number;
  expectRoot: ExpectedRoots;
  opts: VerifyOptions;
}

/**
 * Recomputes a stream's seal from the events, checks every stored checkpoint's signature and root,
 * and proves a saved checkpoint is a prefix of the log. Reports the first bad row with its reason.
 */
export async function verifyStream(db: Database, streamId: string, opts: VerifyOptions): Promise<VerifyResult> {
  const ctx = { practiceId: streamId, userId: null, role: SYSTEM_ROLE };
  const result: VerifyResult = { streamId, ok: true, sealed: 0, pending: 0, checkpoints: 0, savedCheckpointProved: false, failure: null };
  const fail = (seq: number | null, eventId: string | null, reason: string): VerifyResult => ({ ...result, ok: false, failure: { seq, eventId, reason } });

  const { head, checkpoints } = await withPracticeTx(db, ctx, async (tx) => ({ head: (await lastSeal(tx)).seq, checkpoints: await storedCheckpoints(tx) }));

  const expectRoot: ExpectedRoots = new Map();
  const addExpectation = (seq: number, label: string, root: Buffer): void => {
    const list = expectRoot.get(seq) ?? [];
    list.push({ label, root });
    expectRoot.set(seq, list);
  };
  for (const cp of checkpoints) {
    const key = opts.publicKeyFor(cp.keyId);
    if (!key) return fail(cp.seq, null, `checkpoint at seq ${cp.seq} is signed with unknown key ${cp.keyId}`);
    if (!verifyCheckpointSignature(cp, cp.signature, key)) return fail(cp.seq, null, `checkpoint at seq ${cp.seq} has a bad signature`);
    if (cp.seq > head) return fail(cp.seq, null, `log truncated: checkpoint at seq ${cp.seq} but the seal ends at seq ${head}`);
    addExpectation(cp.seq, `checkpoint at seq ${cp.seq}`, cp.rootHash);
  }
  result.checkpoints = checkpoints.length;
  const saved = opts.saved?.checkpoint;
  if (saved) {
    if (saved.streamId !== streamId) return fail(null, null, `saved checkpoint is for stream ${saved.streamId}, not ${streamId}`);
    if (!verifyCheckpointSignature(saved, saved.signature, opts.saved!.publicKey)) return fail(saved.seq, null, 'saved checkpoint has a bad signature');
    if (saved.seq > head) return fail(saved.seq, null, `log truncated: saved checkpoint at seq ${saved.seq} but the seal ends at seq ${head}`);
    addExpectation(saved.seq, `saved checkpoint at seq ${saved.seq}`, saved.rootHash);
  }

  const input: WalkInput = { db, streamId, head, expectRoot, opts };
  // Postgres streams the seal and the events with COPY; PGlite (and an overflowing stream) pages.
  const jobs = verifyJobs(db, opts.jobs);
  const streamed = db.kind !== 'postgres' ? null : jobs > 1 && head > 1 ? await parallelWalk(input, jobs) : await streamedWalk(input);
  const walk = streamed ?? (await pagedWalk(input));
  result.sealed = walk.sealed;
  result.pending = walk.pending;
  if (walk.failure) return { ...result, ok: false, failure: walk.failure };
  if (saved) result.savedCheckpointProved = true;
  if (walk.unqueued) return fail(null, walk.unqueued, `event ${walk.unqueued} is neither sealed nor queued for sealing: inserted outside the application`);
  return result;
}

/**
 * The ranges a walk on `db` runs side by side: as asked, within the pool. By default half the
 * CPUs available: each range keeps a Node thread and a Postgres backend busy, so on two cores a
 * second range only competes with the first (docs/PERFORMANCE.md, "Verify").
 */
export function verifyJobs(db: Database, requested?: number): number {
  const wanted = requested ?? Math.max(1, Math.floor(os.availableParallelism() / 2));
  if (!Number.isSafeInteger(wanted) || wanted < 1) throw new TypeError('verify jobs must be a positive integer');
  return Math.max(1, Math.min(wanted, Math.floor((db.maxConnections - 1) / 2)));
}

type SealRow = CanonicalEvent & { seq: number; event_id: string; leaf: string; chain: string; found: string | null };

/** The seal in seq order joined to its events, page after page: memory stays flat however long the stream. */
async function pagedWalk({ db, streamId, head, expectRoot, opts }: WalkInput): Promise<WalkResult> {
  const ctx = { practiceId: streamId, userId: null, role: SYSTEM_ROLE };
  const pageSize = opts.pageSize ?? 20_000;
  const fetchPage = (from: number): Promise<SealRow[]> =>
    withPracticeTx(db, ctx, (tx) =>
      tx.rows<SealRow>(sql`
        select s.seq, s.event_id::text as event_id, encode(s.leaf_hash, 'hex') as leaf, encode(s.chain_hash, 'hex') as chain,
               e.id::text as found, ${canonicalColumns('e')}
        from audit_seal s left join audit_events e on e.practice_id = s.practice_id and e.id = s.event_id
        where s.practice_id = ${streamId} and s.seq >= ${from} and s.seq <= ${head}
        order by s.seq limit ${pageSize}`),
    );

  let checked = 0;
  const fail = (seq: number, eventId: string | null, reason: string): WalkResult => ({ failure: { seq, eventId, reason }, sealed: checked, pending: 0, unqueued: null });
  let prev = GENESIS_HASH;
  let expected = 1;
  let next: Promise<SealRow[]> | null = head >= 1 ? fetchPage(1) : null;
  while (next) {
    const rows = await next;
    // The database reads the next page while this one is hashed.
    const lastSeq = rows.length > 0 ? Number(rows.at(-1)!.seq) : head;
    next = lastSeq < head ? fetchPage(lastSeq + 1) : null;
    if (next) void next.catch(() => undefined);
    if (rows.length === 0) return fail(expected, null, `seal row ${expected} is missing (the seal ends early)`);
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seq !== expected) return fail(expected, null, `seal row ${expected} is missing (next row is ${seq}): a sealed event was deleted`);
      if (r.found === null) return fail(seq, r.event_id, `event ${r.event_id} sealed at seq ${seq} is missing: deleted after sealing`);
      const leaf = leafHash(r);
      if (leaf.toString('hex') !== r.leaf) return fail(seq, r.event_id, `event ${r.event_id} at seq ${seq} does not match its seal: changed after sealing`);
      const chain = chainHash(prev, seq, leaf);
      if (chain.toString('hex') !== r.chain) return fail(seq, r.event_id, `chain broken at seq ${seq}: the seal rows were reordered or rewritten`);
      for (const want of expectRoot.get(seq) ?? []) {
        if (!want.root.equals(chain)) return fail(seq, r.event_id, `${want.label} does not match the log: history up to seq ${seq} was rewritten`);
      }
      prev = chain;
      expected += 1;
      checked += 1;
    }
    opts.onProgress?.(checked, head);
  }
  if (expected <= head) return fail(expected, null, `seal row ${expected} is missing (the seal ends early)`);

  const [counts] = await withPracticeTx(db, ctx, (tx) =>
    tx.rows<{ pending: number; unqueued: string | null }>(sql`
      select count(*)::int as pending,
             (array_agg(e.id::text order by e.occurred_at, e.id) filter (where q.event_id is null))[1] as unqueued
      from audit_events e
      left join audit_seal_queue q on q.practice_id = e.practice_id and q.event_id = e.id
      where e.practice_id = ${streamId}
        and not exists (select 1 from audit_seal s where s.practice_id = e.practice_id and s.event_id = e.id)`),
  );
  return { failure: null, sealed: checked, pending: counts?.pending ?? 0, unqueued: counts?.unqueued ?? null };
}
