import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { PracticeTx } from '../db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import type { CanonicalEvent } from './canonical.js';
import { GENESIS_HASH, canonicalColumns, chainHash, leafHash } from './canonical.js';

/** The sealer acts as the system, inside the stream's own practice-scoped transaction (tenant role, RLS). */
export const SYSTEM_ROLE = 'system';

/** First key of the two-key advisory lock that stops two sealers from sealing one stream at once. */
const SEAL_LOCK_CLASS = 0x0a0d17;

export interface SealResult {
  streamId: string;
  sealed: number;
  lastSeq: number;
  /** Another sealer held the stream's lock; it will seal what this one skipped. */
  busy: boolean;
}

/** Every stream: each practice, plus the installation stream. */
export async function auditStreams(db: Database): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(sql`select id::text as id from practices order by created_at, id`);
  return [INSTALLATION_STREAM_ID, ...rows.map((r) => r.id)];
}

/** Streams with queued events (ids only, through a security-definer function: the queue itself is tenant-only). */
export async function pendingStreams(db: Database): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(sql`select s::text as id from audit_pending_streams() s`);
  return rows.map((r) => r.id);
}

export async function lastSeal(tx: PracticeTx): Promise<{ seq: number; chain: Buffer }> {
  const [row] = await tx.rows<{ seq: number; chain: string }>(
    sql`select seq, encode(chain_hash, 'hex') as chain from audit_seal where practice_id = ${tx.practiceId} order by seq desc limit 1`,
  );
  return row ? { seq: Number(row.seq), chain: Buffer.from(row.chain, 'hex') } : { seq: 0, chain: GENESIS_HASH };
}

/**
 * Seals one batch of queued events of one stream, in queue order among those committed when the
 * sealer looks. An event that commits later than events queued after it simply gets a later seq on
 * a later run: nothing is skipped, and the seq order, not occurred_at, is the sealed order.
 */
async function sealBatch(db: Database, streamId: string, batchSize: number): Promise<{ sealed: number; lastSeq: number; busy: boolean }> {
  return withPracticeTx(db, { practiceId: streamId, userId: null, role: SYSTEM_ROLE }, async (tx) => {
    const [lock] = await tx.rows<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${SEAL_LOCK_CLASS}::int, hashtext(${streamId}::text)) as ok`);
    if (!lock?.ok) return { sealed: 0, lastSeq: 0, busy: true };
    const last = await lastSeal(tx);
    const events = await tx.rows<CanonicalEvent>(sql`
      select ${canonicalColumns('e')}
      from audit_seal_queue q join audit_events e on e.practice_id = q.practice_id and e.id = q.event_id
      where q.practice_id = ${streamId}
      order by q.queued
      limit ${batchSize}`);
    if (events.length === 0) return { sealed: 0, lastSeq: last.seq, busy: false };
    let chain = last.chain;
    let seq = last.seq;
    const rows = events.map((e) => {
      seq += 1;
      const leaf = leafHash(e);
      chain = chainHash(chain, seq, leaf);
      return { s: seq, e: e.id, l: leaf.toString('hex'), c: chain.toString('hex') };
    });
    await tx.rows(sql`
      insert into audit_seal (practice_id, seq, event_id, leaf_hash, chain_hash)
      select ${streamId}::uuid, r.s, r.e, decode(r.l, 'hex'), decode(r.c, 'hex')
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(s bigint, e uuid, l text, c text)`);
    await tx.rows(sql`
      delete from audit_seal_queue
      where practice_id = ${streamId} and event_id in (select (jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.e))}::jsonb))::uuid)`);
    return { sealed: rows.length, lastSeq: seq, busy: false };
  });
}

/** Seals every queued event of one stream, batch by batch (short transactions). */
export async function sealStream(db: Database, streamId: string, opts: { batchSize?: number } = {}): Promise<SealResult> {
  const batchSize = opts.batchSize ?? 5000;
  let sealed = 0;
  let lastSeq = 0;
  for (;;) {
    const r = await sealBatch(db, streamId, batchSize);
    if (r.busy) return { streamId, sealed, lastSeq, busy: true };
    sealed += r.sealed;
    lastSeq = r.lastSeq;
    if (r.sealed < batchSize) return { streamId, sealed, lastSeq, busy: false };
  }
}
