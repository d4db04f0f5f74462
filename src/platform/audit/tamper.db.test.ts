import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperAudit } from '../../../test/support/audit.js';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { CanonicalEvent } from './canonical.js';
import { GENESIS_HASH, canonicalColumns, chainHash, leafHash } from './canonical.js';
import { currentCheckpoint, parseCheckpointFile, toCheckpointFile } from './checkpoint.js';
import { signerFromPrivateKey } from './signer.js';
import { verifyStream } from './verify.js';

/**
 * Each test plays an attacker with full database rights (superuser, triggers disabled) who changes
 * the audit trail directly, and checks that verify names the first bad row and why.
 */
let db: Database;
const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const EVENTS = 6;

/** A practice with six sealed events (resource ids ev-1..ev-6 at seq 1..6) and a stored checkpoint at seq 6. */
async function sealedPractice(): Promise<{ id: string; eventAt: (seq: number) => Promise<string>; savedFile: string }> {
  const p = await createTestPractice(db);
  for (let i = 1; i <= EVENTS; i++) {
    await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'clinician', sessionId: 'sess-1' }, async (tx) => {
      tx.audit({ action: 'read', resourceType: 'note', resourceId: `ev-${i}`, subjectClientId: '11111111-2222-4333-8444-555555555555', purposeOfUse: 'treatment' });
    });
  }
  const cp = await currentCheckpoint(db, p.id, signer);
  if (!cp) throw new Error('no checkpoint');
  const savedFile = JSON.stringify(toCheckpointFile(cp, signer.publicKeyFor(signer.keyId)!));
  const eventAt = async (seq: number): Promise<string> => {
    const [row] = await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, (tx) =>
      tx.rows<{ id: string }>(sql`select event_id::text as id from audit_seal where seq = ${seq}`),
    );
    return row!.id;
  };
  return { id: p.id, eventAt, savedFile };
}

const tamper = (statements: SQL[]): Promise<void> => tamperAudit(db, statements);

const verify = (streamId: string, savedFile?: string): ReturnType<typeof verifyStream> =>
  verifyStream(db, streamId, { publicKeyFor: signer.publicKeyFor, saved: savedFile ? parseCheckpointFile(savedFile) : null });

describe('a practice that was not tampered with verifies', () => {
  it('OK with counts, and proves a saved checkpoint', async () => {
    const p = await sealedPractice();
    expect(await verify(p.id, p.savedFile)).toMatchObject({ ok: true, sealed: EVENTS, checkpoints: 1, savedCheckpointProved: true, failure: null });
  });
});

describe('tampering is detected', () => {
  const fieldChanges: [string, string][] = [
    ['occurred_at', `occurred_at + interval '1 microsecond'`],
    ['actor_user_id', 'gen_random_uuid()'],
    ['actor_role', `'owner'`],
    ['session_id', `'sess-2'`],
    ['source_ip', `'192.0.2.66'`],
    ['user_agent', `'synthetic-agent/2'`],
    ['action', `'update'`],
    ['resource_type', `'client'`],
    ['resource_id', `'ev-x'`],
    ['subject_client_id', 'gen_random_uuid()'],
    ['purpose_of_use', `'legal'`],
    ['outcome', `'denied'`],
    ['request_id', `'req-forged'`],
  ];
  for (const [field, expression] of fieldChanges) {
    it(`changing ${field} of a sealed event`, async () => {
      const p = await sealedPractice();
      const target = await p.eventAt(3);
      await tamper([sql`update audit_events set ${sql.raw(`${field} = ${expression}`)} where practice_id = ${p.id} and id = ${target}`]);
      const v = await verify(p.id);
      expect(v.ok).toBe(false);
      expect(v.failure).toMatchObject({ seq: 3, eventId: target });
      expect(v.failure?.reason).toContain('changed after sealing');
    });
  }

  it('changing the id of a sealed event', async () => {
    const p = await sealedPractice();
    const target = await p.eventAt(2);
    await tamper([sql`update audit_events set id = gen_random_uuid() where practice_id = ${p.id} and id = ${target}`]);
    expect((await verify(p.id)).failure).toMatchObject({ seq: 2, eventId: target });
  });

  it('moving a sealed event to another practice', async () => {
    const p = await sealedPractice();
    const other = await createTestPractice(db);
    const target = await p.eventAt(4);
    await tamper([sql`update audit_events set practice_id = ${other.id} where practice_id = ${p.id} and id = ${target}`]);
    const v = await verify(p.id);
    expect(v.failure).toMatchObject({ seq: 4, eventId: target });
    expect(v.failure?.reason).toContain('missing');
  });

  it('deleting an event', async () => {
    const p = await sealedPractice();
    const target = await p.eventAt(2);
    await tamper([sql`delete from audit_events where practice_id = ${p.id} and id = ${target}`]);
    const v = await verify(p.id);
    expect(v.failure).toMatchObject({ seq: 2, eventId: target });
    expect(v.failure?.reason).toContain('deleted after sealing');
  });

  it('deleting an event together with its seal row', async () => {
    const p = await sealedPractice();
    const target = await p.eventAt(3);
    await tamper([
      sql`delete from audit_events where practice_id = ${p.id} and id = ${target}`,
      sql`delete from audit_seal where practice_id = ${p.id} and seq = 3`,
    ]);
    const v = await verify(p.id);
    expect(v.failure?.seq).toBe(3);
    expect(v.failure?.reason).toContain('seal row 3 is missing');
  });

  it('inserting a forged event beside the application', async () => {
    const p = await sealedPractice();
    await tamper([sql`insert into audit_events (practice_id, action, resource_type, resource_id, outcome) values (${p.id}, 'read', 'note', 'forged', 'success')`]);
    const v = await verify(p.id);
    expect(v.ok).toBe(false);
    expect(v.failure?.reason).toContain('neither sealed nor queued');
  });

  it('splicing a forged event into the sealed history', async () => {
    const p = await sealedPractice();
    await tamper([
      sql`update audit_seal set seq = seq + 1000 where practice_id = ${p.id} and seq >= 3`,
      sql`update audit_seal set seq = seq - 999 where practice_id = ${p.id} and seq > 1000`,
      sql`insert into audit_events (practice_id, id, action, resource_type, resource_id, outcome) values (${p.id}, '99999999-9999-4999-8999-999999999999', 'read', 'note', 'forged', 'success')`,
      sql`insert into audit_seal (practice_id, seq, event_id, leaf_hash, chain_hash)
          values (${p.id}, 3, '99999999-9999-4999-8999-999999999999', decode(repeat('ab', 32), 'hex'), decode(repeat('cd', 32), 'hex'))`,
    ]);
    const v = await verify(p.id);
    expect(v.failure).toMatchObject({ seq: 3, eventId: '99999999-9999-4999-8999-999999999999' });
  });

  it('reordering sealed events', async () => {
    const p = await sealedPractice();
    await tamper([
      sql`update audit_seal set seq = 100 where practice_id = ${p.id} and seq = 2`,
      sql`update audit_seal set seq = 2 where practice_id = ${p.id} and seq = 3`,
      sql`update audit_seal set seq = 3 where practice_id = ${p.id} and seq = 100`,
    ]);
    const v = await verify(p.id);
    expect(v.failure?.seq).toBe(2);
    expect(v.failure?.reason).toContain('chain broken at seq 2');
  });

  it('truncating the tail is caught by the stored checkpoint', async () => {
    const p = await sealedPractice();
    await tamper([
      sql`delete from audit_events where practice_id = ${p.id} and id in (select event_id from audit_seal where practice_id = ${p.id} and seq >= 5)`,
      sql`delete from audit_seal where practice_id = ${p.id} and seq >= 5`,
    ]);
    const v = await verify(p.id);
    expect(v.failure?.reason).toContain('log truncated: checkpoint at seq 6 but the seal ends at seq 4');
  });

  it('truncating the tail and the stored checkpoints is caught by a saved checkpoint', async () => {
    const p = await sealedPractice();
    await tamper([
      sql`delete from audit_events where practice_id = ${p.id} and id in (select event_id from audit_seal where practice_id = ${p.id} and seq >= 5)`,
      sql`delete from audit_seal where practice_id = ${p.id} and seq >= 5`,
      sql`delete from audit_checkpoints where practice_id = ${p.id}`,
    ]);
    // Without anything saved outside the database, a clean cut of the tail cannot be told apart.
    expect((await verify(p.id)).ok).toBe(true);
    const v = await verify(p.id, p.savedFile);
    expect(v.failure?.reason).toContain('log truncated: saved checkpoint at seq 6 but the seal ends at seq 4');
  });

  it('a checkpoint signed with a key the installation does not know', async () => {
    const p = await sealedPractice();
    const stranger = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
    const v = await verifyStream(db, p.id, { publicKeyFor: stranger.publicKeyFor });
    expect(v.failure?.reason).toBe(`checkpoint at seq 6 is signed with unknown key ${signer.keyId}`);
  });

  it('checkpoints signed with a retired key still verify', async () => {
    const p = await sealedPractice();
    const rotated = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey, [signer.publicKeyFor(signer.keyId)!]);
    expect(await verifyStream(db, p.id, { publicKeyFor: rotated.publicKeyFor })).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it('a forged checkpoint signature', async () => {
    const p = await sealedPractice();
    await tamper([sql`update audit_checkpoints set signature = decode(repeat('00', 64), 'hex') where practice_id = ${p.id}`]);
    expect((await verify(p.id)).failure?.reason).toContain('bad signature');
  });

  describe('recomputing the whole chain after a change', () => {
    async function rewriteHistory(practiceId: string, dropCheckpoints: boolean): Promise<void> {
      const target = (await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) =>
        tx.rows<{ id: string }>(sql`select event_id::text as id from audit_seal where seq = 2`),
      ))[0]!.id;
      await tamper([sql`update audit_events set outcome = 'denied', actor_role = 'staff' where practice_id = ${practiceId} and id = ${target}`]);
      const rows = await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) =>
        tx.rows<CanonicalEvent & { seq: number }>(sql`select s.seq::int as seq, ${canonicalColumns('e')}
          from audit_seal s join audit_events e on e.practice_id = s.practice_id and e.id = s.event_id order by s.seq`),
      );
      let prev = GENESIS_HASH;
      const updates: SQL[] = [];
      for (const r of rows) {
        const leaf = leafHash(r);
        prev = chainHash(prev, r.seq, leaf);
        updates.push(sql`update audit_seal set leaf_hash = decode(${leaf.toString('hex')}, 'hex'), chain_hash = decode(${prev.toString('hex')}, 'hex')
          where practice_id = ${practiceId} and seq = ${r.seq}`);
      }
      if (dropCheckpoints) updates.push(sql`delete from audit_checkpoints where practice_id = ${practiceId}`);
      await tamper(updates);
    }

    it('is caught by the stored signed checkpoint', async () => {
      const p = await sealedPractice();
      await rewriteHistory(p.id, false);
      const v = await verify(p.id);
      expect(v.failure?.seq).toBe(6);
      expect(v.failure?.reason).toContain('checkpoint at seq 6 does not match the log');
    });

    it('with the stored checkpoints deleted, is caught by the checkpoint the customer saved earlier', async () => {
      const p = await sealedPractice();
      await rewriteHistory(p.id, true);
      expect((await verify(p.id)).ok).toBe(true);
      const v = await verify(p.id, p.savedFile);
      expect(v.ok).toBe(false);
      expect(v.failure?.reason).toContain('saved checkpoint at seq 6 does not match the log');
    });
  });
});
