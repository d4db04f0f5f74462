import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, createTestPractice, openTestDatabase, testDbKind } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import { currentCheckpoint } from './checkpoint.js';
import { recordAuditEvents } from './record.js';
import { pendingStreams, sealStream } from './seal.js';
import { startAuditSealer } from './sealer.js';
import { signerFromPrivateKey } from './signer.js';
import { verifyStream } from './verify.js';

let db: Database;
const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const verifyOpts = { publicKeyFor: signer.publicKeyFor };

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const ctx = (practiceId: string) => ({ practiceId, userId: null, role: 'clinician' });

async function writeEvents(practiceId: string, n: number, tag: string): Promise<void> {
  await withPracticeTx(db, ctx(practiceId), async (tx) => {
    for (let i = 0; i < n; i++) tx.audit({ action: 'read', resourceType: 'note', resourceId: `${tag}-${i}`, purposeOfUse: 'treatment' });
  });
}

async function sealRows(practiceId: string): Promise<{ seq: number; resource_id: string }[]> {
  return withPracticeTx(db, ctx(practiceId), (tx) =>
    tx.rows<{ seq: number; resource_id: string }>(sql`select s.seq::int as seq, e.resource_id from audit_seal s join audit_events e on e.practice_id = s.practice_id and e.id = s.event_id order by s.seq`),
  );
}

describe('sealing', () => {
  it('seals events gap-free in order and verifies', async () => {
    const p = await createTestPractice(db);
    await writeEvents(p.id, 3, 'a');
    await writeEvents(p.id, 2, 'b');
    const r = await sealStream(db, p.id);
    expect(r).toMatchObject({ sealed: 5, lastSeq: 5, busy: false });
    expect((await sealRows(p.id)).map((x) => x.seq)).toEqual([1, 2, 3, 4, 5]);
    expect((await sealStream(db, p.id)).sealed).toBe(0);
    await writeEvents(p.id, 1, 'c');
    expect(await sealStream(db, p.id)).toMatchObject({ sealed: 1, lastSeq: 6 });
    const v = await verifyStream(db, p.id, verifyOpts);
    expect(v).toMatchObject({ ok: true, sealed: 6, pending: 0, failure: null });
  });

  it('reports events awaiting the sealer as pending, not as tampering', async () => {
    const p = await createTestPractice(db);
    await writeEvents(p.id, 2, 'pending');
    const v = await verifyStream(db, p.id, verifyOpts);
    expect(v).toMatchObject({ ok: true, sealed: 0, pending: 2 });
  });

  it('seals in batches without gaps', async () => {
    const p = await createTestPractice(db);
    await writeEvents(p.id, 25, 'batch');
    const r = await sealStream(db, p.id, { batchSize: 7 });
    expect(r).toMatchObject({ sealed: 25, lastSeq: 25 });
    expect((await verifyStream(db, p.id, { ...verifyOpts, pageSize: 4 })).ok).toBe(true);
  });

  it('an event that commits late, stamped before already-sealed events, is still sealed', async () => {
    const p = await createTestPractice(db);
    await writeEvents(p.id, 2, 'early');
    await sealStream(db, p.id);
    // A transaction that began long ago commits now: its occurred_at is older than the sealed events.
    await db.transaction(async (tx) => {
      await tx.rows(sql`select set_config('app.practice_id', ${p.id}, true)`);
      await tx.rows(sql`insert into audit_events (practice_id, occurred_at, action, resource_type, resource_id, outcome)
        values (${p.id}, now() - interval '1 hour', 'read', 'note', 'late-0', 'success')`);
    });
    expect(await sealStream(db, p.id)).toMatchObject({ sealed: 1, lastSeq: 3 });
    // The two early events share a statement (order between them is by stamp, then id); the late one comes after both.
    const order = (await sealRows(p.id)).map((x) => x.resource_id);
    expect(order.slice(0, 2).sort()).toEqual(['early-0', 'early-1']);
    expect(order[2]).toBe('late-0');
    expect((await verifyStream(db, p.id, verifyOpts)).ok).toBe(true);
  });

  it.runIf(testDbKind() === 'postgres')(
    'on Postgres: a transaction open across a sealer run is sealed after it commits',
    async () => {
      const p = await createTestPractice(db);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const didInsert = new Promise<void>((r) => (inserted = r));
      const slow = withPracticeTx(db, ctx(p.id), async (tx) => {
        tx.audit({ action: 'read', resourceType: 'note', resourceId: 'slow-0' });
        await tx.rows(sql`insert into audit_events (practice_id, action, resource_type, resource_id, outcome) values (${p.id}, 'read', 'note', 'slow-direct', 'success')`);
        inserted();
        await gate;
      });
      await didInsert;
      await writeEvents(p.id, 1, 'fast');
      expect(await sealStream(db, p.id)).toMatchObject({ sealed: 1 });
      release();
      await slow;
      expect(await sealStream(db, p.id)).toMatchObject({ sealed: 2, lastSeq: 3 });
      expect((await sealRows(p.id)).map((x) => x.resource_id)).toEqual(['fast-0', 'slow-direct', 'slow-0']);
      expect((await verifyStream(db, p.id, verifyOpts)).ok).toBe(true);
    },
  );

  it('a rolled-back write leaves no event and no seal; a committed one is sealed', async () => {
    const p = await createTestPractice(db);
    await expect(
      withPracticeTx(db, ctx(p.id), async (tx) => {
        tx.audit({ action: 'update', resourceType: 'practice_settings', resourceId: 'rolled-back' });
        await tx.rows(sql`insert into practice_settings (practice_id, session_idle_minutes) values (${p.id}, 999)`);
      }),
    ).rejects.toThrow();
    await withPracticeTx(db, ctx(p.id), async (tx) => {
      tx.audit({ action: 'create', resourceType: 'practice_settings', resourceId: 'committed' });
      await tx.rows(sql`insert into practice_settings (practice_id) values (${p.id})`);
    });
    await sealStream(db, p.id);
    expect((await sealRows(p.id)).map((x) => x.resource_id)).toEqual(['committed']);
  });

  it('two practices written and sealed concurrently both seal gap-free and verify', async () => {
    const a = await createTestPractice(db);
    const b = await createTestPractice(db);
    const writers = [a, b].flatMap((p) => Array.from({ length: 8 }, (_, i) => writeEvents(p.id, 5, `w${i}`)));
    const sealers = [a, b].flatMap((p) => [sealStream(db, p.id, { batchSize: 3 }), sealStream(db, p.id, { batchSize: 4 })]);
    await Promise.all([...writers, ...sealers]);
    await sealStream(db, a.id);
    await sealStream(db, b.id);
    for (const p of [a, b]) {
      const seqs = (await sealRows(p.id)).map((x) => x.seq);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await verifyStream(db, p.id, verifyOpts)).toMatchObject({ ok: true, sealed: 40, pending: 0 });
    }
  });

  it('the installation stream is sealed the same way', async () => {
    await recordAuditEvents(db, { practiceId: INSTALLATION_STREAM_ID, userId: null, role: 'operator_admin' }, [
      { action: 'login', resourceType: 'session', resourceId: 'install-login' },
    ]);
    const r = await sealStream(db, INSTALLATION_STREAM_ID);
    expect(r.lastSeq).toBeGreaterThanOrEqual(1);
    expect((await verifyStream(db, INSTALLATION_STREAM_ID, verifyOpts)).ok).toBe(true);
  });
});

describe('the in-server sealer', () => {
  it('finds the streams with queued events without the app role reading the queue', async () => {
    const p = await createTestPractice(db);
    await writeEvents(p.id, 1, 'pending-stream');
    expect(await pendingStreams(db)).toContain(p.id);
    await expect(db.rows(sql`select * from audit_seal_queue`)).rejects.toThrow();
    await sealStream(db, p.id);
    expect(await pendingStreams(db)).not.toContain(p.id);
  });

  it('seals on its timer, issues signed checkpoints, and seals once more on stop', async () => {
    const p = await createTestPractice(db);
    const sealer = startAuditSealer(db, signer, { intervalMs: 50, checkpointIntervalMs: 60_000 });
    await writeEvents(p.id, 3, 'timer');
    await expect.poll(async () => (await sealRows(p.id)).length, { timeout: 10_000, interval: 50 }).toBe(3);
    await writeEvents(p.id, 2, 'stop');
    await sealer.stop();
    expect((await sealRows(p.id)).length).toBe(5);
    const cp = await currentCheckpoint(db, p.id, signer);
    expect(cp?.seq).toBe(5);
    const stored = await withPracticeTx(db, ctx(p.id), (tx) => tx.rows<{ seq: number }>(sql`select seq::int as seq from audit_checkpoints order by seq`));
    expect(stored.map((r) => r.seq)).toEqual([3, 5]);
    expect(await verifyStream(db, p.id, verifyOpts)).toMatchObject({ ok: true, sealed: 5, checkpoints: 2 });
  });

  it('skips a stream whose lock another sealer holds', async () => {
    const p = await createTestPractice(db);
    await writeEvents(p.id, 1, 'locked');
    if (db.kind === 'pglite') {
      // One connection: a held lock is the same session's, so only the Postgres case can show contention.
      expect((await sealStream(db, p.id)).sealed).toBe(1);
      return;
    }
    await asSuperuser(db, async (run) => {
      await run(sql`begin`);
      await run(sql`select pg_advisory_xact_lock(${0x0a0d17}::int, hashtext(${p.id}::text))`);
      expect(await sealStream(db, p.id)).toMatchObject({ busy: true, sealed: 0 });
      await run(sql`rollback`);
    });
    expect((await sealStream(db, p.id)).sealed).toBe(1);
  });
});
