import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkSealedPractice, tamperAudit } from '../../../test/support/audit.js';
import { createTestPractice, openTestDatabase, testDbKind } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { openPostgres } from '../db/postgres.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { CanonicalEvent } from './canonical.js';
import { GENESIS_HASH, canonicalColumns, chainHash, leafHash } from './canonical.js';
import { currentCheckpoint, parseCheckpointFile, toCheckpointFile } from './checkpoint.js';
import { signerFromPrivateKey } from './signer.js';
import { splitRanges } from './verify-parallel.js';
import type { VerifyOptions, VerifyResult } from './verify.js';
import { verifyJobs, verifyStream } from './verify.js';

/**
 * The parallel walk (Postgres: seq ranges side by side, each on its own connections and thread) must
 * give the serial walk's answer on every stream, clean or tampered, wherever the change sits relative
 * to the ranges' boundaries.
 */
let db: Database;
/** A pool large enough for eight ranges (two connections each, one for the shared snapshot). */
let wide: Database | null = null;
const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const postgres = testDbKind() === 'postgres';

beforeAll(async () => {
  db = await openTestDatabase();
  if (postgres) wide = await openPostgres({ url: process.env.CONFIDANT_TEST_DATABASE_URL!, migrationUrl: process.env.CONFIDANT_TEST_MIGRATION_URL!, poolSize: 17 });
});
afterAll(async () => {
  await wide?.close();
  await db.close();
});

/** 30 events: four jobs cut them into seqs 1-7, 8-15, 16-22, 23-30 (unequal ranges). */
const EVENTS = 30;

const superuser = (statements: SQL[]): Promise<void> => tamperAudit(db, statements);

/**
 * A practice whose events are written by the application in three transactions (so some share a
 * timestamp and are sealed in id order, not in the order they lie in the table), sealed, with a
 * checkpoint at seq 7 (the last row of the first range) and one at the head.
 */
async function practice(events = EVENTS): Promise<{ id: string; at: (seq: number) => Promise<string>; savedFile: string }> {
  const p = await createTestPractice(db);
  const write = (from: number, to: number): Promise<void> =>
    withPracticeTx(db, { practiceId: p.id, userId: null, role: 'clinician', sessionId: 'sess-synthetic' }, async (tx) => {
      for (let i = from; i <= to; i++) tx.audit({ action: 'read', resourceType: 'note', resourceId: `ev-${i}`, purposeOfUse: 'treatment' });
    });
  const first = Math.min(7, events);
  await write(1, first);
  await currentCheckpoint(db, p.id, signer);
  if (events > first) {
    await write(first + 1, Math.min(20, events));
    if (events > 20) await write(21, events);
  }
  const cp = await currentCheckpoint(db, p.id, signer);
  const savedFile = JSON.stringify(toCheckpointFile(cp!, signer.publicKeyFor(signer.keyId)!));
  const at = async (seq: number): Promise<string> => {
    const [row] = await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, (tx) =>
      tx.rows<{ id: string }>(sql`select event_id::text as id from audit_seal where seq = ${seq}`),
    );
    return row!.id;
  };
  return { id: p.id, at, savedFile };
}

const base = (savedFile?: string): VerifyOptions => ({ publicKeyFor: signer.publicKeyFor, saved: savedFile ? parseCheckpointFile(savedFile) : null });

/** The serial answer, after checking that every parallel degree gives exactly the same one. */
async function serialAndParallel(streamId: string, savedFile?: string): Promise<VerifyResult> {
  const serial = await verifyStream(db, streamId, { ...base(savedFile), jobs: 1 });
  if (wide) {
    for (const jobs of [2, 3, 4, 8]) {
      expect(verifyJobs(wide, jobs)).toBe(jobs);
      expect(await verifyStream(wide, streamId, { ...base(savedFile), jobs }), `${jobs} jobs`).toEqual(serial);
    }
  }
  return serial;
}

describe('parallel verify gives the serial answer', () => {
  it('cuts the seal into ranges of unequal size, never more ranges than rows', () => {
    expect(splitRanges(30, 4)).toEqual([
      { from: 1, to: 7 },
      { from: 8, to: 15 },
      { from: 16, to: 22 },
      { from: 23, to: 30 },
    ]);
    expect(splitRanges(3, 8)).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 2 },
      { from: 3, to: 3 },
    ]);
  });

  it('stays within the pool: two connections per range and one for the shared snapshot; PGlite walks alone', async () => {
    expect(verifyJobs(db, 64)).toBe(db.kind === 'pglite' ? 1 : Math.floor((db.maxConnections - 1) / 2));
    if (wide) {
      expect(verifyJobs(wide, 64)).toBe(8);
      expect(verifyJobs(wide, 1)).toBe(1);
    }
    expect(() => verifyJobs(db, 0)).toThrow(TypeError);
  });

  it('on a clean stream, with its checkpoints and a saved one', async () => {
    const p = await practice();
    expect(await serialAndParallel(p.id, p.savedFile)).toMatchObject({ ok: true, sealed: EVENTS, checkpoints: 2, savedCheckpointProved: true });
  });

  it('with more jobs than rows', async () => {
    const p = await practice(3);
    expect(await serialAndParallel(p.id)).toMatchObject({ ok: true, sealed: 3 });
    const target = await p.at(2);
    await superuser([sql`update audit_events set outcome = 'denied' where practice_id = ${p.id} and id = ${target}`]);
    expect((await serialAndParallel(p.id)).failure).toMatchObject({ seq: 2, eventId: target });
  });

  it('when events lie in the table far from their seal rows (paired across ranges)', async () => {
    const p = await practice();
    // Rewriting a row unchanged moves it to the end of the table: its event is read by another range.
    const moved = await Promise.all([1, 8, 15, 16].map((seq) => p.at(seq)));
    await superuser([sql`update audit_events set outcome = outcome where practice_id = ${p.id} and id = any(${`{${moved.join(',')}}`}::uuid[])`]);
    expect(await serialAndParallel(p.id)).toMatchObject({ ok: true, sealed: EVENTS });
  });

  for (const seq of [7, 8, 23, 30]) {
    it(`a changed event at seq ${seq} (a range boundary)`, async () => {
      const p = await practice();
      const target = await p.at(seq);
      await superuser([sql`update audit_events set resource_id = 'ev-x' where practice_id = ${p.id} and id = ${target}`]);
      const v = await serialAndParallel(p.id);
      expect(v.failure).toMatchObject({ seq, eventId: target });
      expect(v.failure?.reason).toContain('changed after sealing');
    });
  }

  it('a changed event before and after a boundary: the lower one is reported', async () => {
    const p = await practice();
    const [early, late] = [await p.at(7), await p.at(16)];
    await superuser([sql`update audit_events set outcome = 'error' where practice_id = ${p.id} and id in (${early}, ${late})`]);
    expect((await serialAndParallel(p.id)).failure).toMatchObject({ seq: 7, eventId: early });
  });

  it('a deleted event at the first row of a range', async () => {
    const p = await practice();
    const target = await p.at(8);
    await superuser([sql`delete from audit_events where practice_id = ${p.id} and id = ${target}`]);
    const v = await serialAndParallel(p.id);
    expect(v.failure).toMatchObject({ seq: 8, eventId: target });
    expect(v.failure?.reason).toContain('deleted after sealing');
  });

  it('a deleted seal row at the last row of a range (the anchor of the next)', async () => {
    const p = await practice();
    const target = await p.at(7);
    await superuser([sql`delete from audit_events where practice_id = ${p.id} and id = ${target}`, sql`delete from audit_seal where practice_id = ${p.id} and seq = 7`]);
    const v = await serialAndParallel(p.id);
    expect(v.failure).toMatchObject({ seq: 7, eventId: null, reason: 'seal row 7 is missing (next row is 8): a sealed event was deleted' });
  });

  it('deleted seal rows across a boundary, and a whole range of them', async () => {
    const p = await practice();
    await superuser([sql`delete from audit_seal where practice_id = ${p.id} and seq between 7 and 16`]);
    expect((await serialAndParallel(p.id)).failure).toMatchObject({ seq: 7, reason: 'seal row 7 is missing (next row is 17): a sealed event was deleted' });
  });

  it('seal rows swapped across a boundary', async () => {
    const p = await practice();
    await superuser([
      sql`update audit_seal set seq = 1000 where practice_id = ${p.id} and seq = 7`,
      sql`update audit_seal set seq = 7 where practice_id = ${p.id} and seq = 8`,
      sql`update audit_seal set seq = 8 where practice_id = ${p.id} and seq = 1000`,
    ]);
    const v = await serialAndParallel(p.id);
    expect(v.failure?.seq).toBe(7);
    expect(v.failure?.reason).toContain('chain broken at seq 7');
  });

  it('a rewritten chain value at the last row of a range', async () => {
    const p = await practice();
    await superuser([sql`update audit_seal set chain_hash = decode(repeat('cd', 32), 'hex') where practice_id = ${p.id} and seq = 15`]);
    const v = await serialAndParallel(p.id);
    expect(v.failure?.seq).toBe(15);
    expect(v.failure?.reason).toContain('chain broken at seq 15');
  });

  it('a truncated tail: with the checkpoints gone the cut is invisible to both, the saved checkpoint catches it', async () => {
    const p = await practice();
    await superuser([
      sql`delete from audit_events where practice_id = ${p.id} and id in (select event_id from audit_seal where practice_id = ${p.id} and seq >= 24)`,
      sql`delete from audit_seal where practice_id = ${p.id} and seq >= 24`,
      sql`delete from audit_checkpoints where practice_id = ${p.id}`,
    ]);
    expect(await serialAndParallel(p.id)).toMatchObject({ ok: true, sealed: 23 });
    expect((await serialAndParallel(p.id, p.savedFile)).failure?.reason).toContain('log truncated: saved checkpoint at seq 30 but the seal ends at seq 23');
  });

  it('seal rows cut from the tail with their events kept: the events are neither sealed nor queued', async () => {
    const p = await practice();
    await superuser([sql`delete from audit_seal where practice_id = ${p.id} and seq >= 28`, sql`delete from audit_checkpoints where practice_id = ${p.id} and seq > 7`]);
    const v = await serialAndParallel(p.id);
    expect(v.ok).toBe(false);
    expect(v.failure?.reason).toContain('neither sealed nor queued');
  });

  it('a forged event inserted beside the application', async () => {
    const p = await practice();
    await superuser([sql`insert into audit_events (practice_id, action, resource_type, resource_id, outcome) values (${p.id}, 'read', 'note', 'forged', 'success')`]);
    expect((await serialAndParallel(p.id)).failure?.reason).toContain('neither sealed nor queued');
  });

  it('history rewritten with the chain recomputed is caught by the checkpoint at the end of a range', async () => {
    const p = await practice();
    const target = await p.at(3);
    await superuser([sql`update audit_events set outcome = 'denied' where practice_id = ${p.id} and id = ${target}`]);
    // Every leaf and chain value recomputed from the tampered events, as an attacker would.
    const rows = await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, (tx) =>
      tx.rows<CanonicalEvent & { seq: number }>(sql`select s.seq::int as seq, ${canonicalColumns('e')}
        from audit_seal s join audit_events e on e.practice_id = s.practice_id and e.id = s.event_id order by s.seq`),
    );
    let prev = GENESIS_HASH;
    const updates: SQL[] = rows.map((r) => {
      const leaf = leafHash(r);
      prev = chainHash(prev, r.seq, leaf);
      return sql`update audit_seal set leaf_hash = decode(${leaf.toString('hex')}, 'hex'), chain_hash = decode(${prev.toString('hex')}, 'hex')
        where practice_id = ${p.id} and seq = ${r.seq}`;
    });
    await superuser(updates);
    const v = await serialAndParallel(p.id);
    expect(v.failure?.seq).toBe(7);
    expect(v.failure?.reason).toContain('checkpoint at seq 7 does not match the log');
  });

  it('falls back to the paged walk when a range outgrows the merge limit, with the same answer', async () => {
    const p = await practice();
    const target = await p.at(22);
    await superuser([sql`update audit_events set action = 'update' where practice_id = ${p.id} and id = ${target}`]);
    const serial = await verifyStream(db, p.id, { ...base(), jobs: 1 });
    expect(serial.failure).toMatchObject({ seq: 22, eventId: target });
    if (wide) expect(await verifyStream(wide, p.id, { ...base(), jobs: 4, mergeLimit: 0 })).toEqual(serial);
  });
});

describe.runIf(postgres)('parallel verify and the pool', () => {
  it('finishes on pools too small for the ranges asked for, and on one just large enough', async () => {
    const p = await bulkSealedPractice(db, 25_000);
    for (const poolSize of [1, 2, 5]) {
      const pool = await openPostgres({ url: process.env.CONFIDANT_TEST_DATABASE_URL!, migrationUrl: process.env.CONFIDANT_TEST_MIGRATION_URL!, poolSize });
      try {
        expect(verifyJobs(pool, 4)).toBe(poolSize === 5 ? 2 : 1);
        expect(await verifyStream(pool, p.id, { publicKeyFor: signer.publicKeyFor, jobs: 4 }), `pool of ${poolSize}`).toMatchObject({ ok: true, sealed: 25_000, pending: 0 });
      } finally {
        await pool.close();
      }
    }
  }, 120_000);
});
