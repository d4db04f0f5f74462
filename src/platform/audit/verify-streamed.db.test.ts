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
import { canonicalBytes, canonicalColumns } from './canonical.js';
import { CANONICAL_SCRATCH_BYTES, CanonicalWriter, canonicalBinaryColumns } from './canonical-binary.js';
import { CopyBinaryReader } from './copy-binary.js';
import { currentCheckpoint } from './checkpoint.js';
import { signerFromPrivateKey } from './signer.js';
import { verifyStream } from './verify.js';

/**
 * The streamed verify walk (Postgres): the binary canonical form must be byte for byte the one the
 * sealer hashes, and the walk must give the paged walk's answers, including on events it cannot
 * format itself and when its pairing outgrows its memory limit.
 */
let db: Database;
const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const postgres = testDbKind() === 'postgres';

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const superuser = (statements: SQL[]): Promise<void> => tamperAudit(db, statements);

/** Events with awkward values, written as the application writes (queued, then sealed). */
async function awkwardPractice(): Promise<string> {
  const p = await createTestPractice(db);
  await db.transaction(async (tx) => {
    await tx.rows(sql`select set_config('app.practice_id', ${p.id}, true)`);
    await tx.rows(sql`insert into audit_events (practice_id, occurred_at, actor_user_id, actor_role, session_id, source_ip, user_agent, action, resource_type, resource_id, subject_client_id, purpose_of_use, outcome, request_id) values
      (${p.id}, '2026-03-01 10:00:00.000001+00', gen_random_uuid(), 'clinician', '', '2001:db8::1', ${'Navigateur/1.0 (é, 日本, 🙂) ' + 'x'.repeat(400)}, 'read', 'note', 'n-1', gen_random_uuid(), 'treatment', 'success', 'req-1'),
      (${p.id}, '1999-12-31 23:59:59.999999+00', null, null, null, null, null, 'login', 'session', null, null, null, 'denied', null),
      (${p.id}, '1900-01-01 00:00:00+00', null, 'owner', 's', null, '', 'read', 'client', '', null, 'legal', 'error', ''),
      (${p.id}, '9999-12-31 23:59:59.5+00', null, null, null, null, null, 'read', 'note', null, null, null, 'success', null),
      (${p.id}, '1850-06-01 12:00:00.25+00', null, null, null, null, null, 'read', 'note', 'before-1900', null, null, 'success', null),
      (${p.id}, '10000-01-01 00:00:00+00', null, null, null, null, null, 'read', 'note', 'after-9999', null, null, 'success', null)`);
  });
  await currentCheckpoint(db, p.id, signer);
  return p.id;
}

describe.runIf(postgres)('streamed verify (Postgres)', () => {
  it('builds from binary COPY the canonical form the sealer hashes from text, or declines (years outside 1900-9999)', async () => {
    const practiceId = await awkwardPractice();
    const { text, binary } = await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, async (tx) => {
      const text = await tx.rows<CanonicalEvent>(sql`select ${canonicalColumns('e')} from audit_events e order by e.occurred_at`);
      const chunks: Buffer[] = [];
      for await (const chunk of tx.copyOut!(`copy (select ${canonicalBinaryColumns('e')} from audit_events e order by e.occurred_at) to stdout (format binary)`)) chunks.push(chunk as Buffer);
      return { text, binary: Buffer.concat(chunks) };
    });
    const writer = new CanonicalWriter();
    const out = Buffer.alloc(CANONICAL_SCRATCH_BYTES);
    const built: (Buffer | null)[] = [];
    const reader = new CopyBinaryReader(15, (buf, start, length) => {
      const n = writer.write(buf, start, length, 0, out);
      built.push(n < 0 ? null : Buffer.from(out.subarray(0, n)));
    });
    reader.push(binary);
    reader.finish();
    expect(built).toHaveLength(6);
    const declined = text.filter((_, i) => built[i] === null).map((e) => e.resource_id);
    expect(declined).toEqual(['before-1900', 'after-9999']);
    text.forEach((e, i) => {
      if (built[i]) expect(built[i]!.equals(canonicalBytes(e)), `event ${e.occurred_at}`).toBe(true);
    });
  });

  it('verifies events it cannot format through their SQL text, and catches a change to one of them', async () => {
    const practiceId = await awkwardPractice();
    expect(await verifyStream(db, practiceId, { publicKeyFor: signer.publicKeyFor })).toMatchObject({ ok: true, sealed: 6, pending: 0 });
    await superuser([sql`update audit_events set resource_id = 'changed' where practice_id = ${practiceId} and resource_id = 'before-1900'`]);
    const v = await verifyStream(db, practiceId, { publicKeyFor: signer.publicKeyFor });
    expect(v.ok).toBe(false);
    expect(v.failure?.reason).toContain('changed after sealing');
  });

  it('falls back to the paged walk when pairing outgrows its limit, with the same answers', async () => {
    const practiceId = await awkwardPractice();
    const opts = { publicKeyFor: signer.publicKeyFor, mergeLimit: 0 };
    expect(await verifyStream(db, practiceId, opts)).toMatchObject({ ok: true, sealed: 6 });
    const [row] = await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, (tx) =>
      tx.rows<{ id: string }>(sql`select event_id::text as id from audit_seal where seq = 2`),
    );
    await superuser([sql`update audit_events set outcome = 'success' where practice_id = ${practiceId} and id = ${row!.id}`]);
    const streamed = await verifyStream(db, practiceId, { publicKeyFor: signer.publicKeyFor });
    const paged = await verifyStream(db, practiceId, opts);
    expect(streamed.failure).toMatchObject({ seq: 2, eventId: row!.id });
    expect(paged.failure).toEqual(streamed.failure);
  });

  it('finishes on a one-connection pool, where the two streams cannot flow at once', async () => {
    const p = await bulkSealedPractice(db, 25_000);
    const one = await openPostgres({ url: process.env.CONFIDANT_TEST_DATABASE_URL!, migrationUrl: process.env.CONFIDANT_TEST_MIGRATION_URL!, poolSize: 1 });
    try {
      expect(await verifyStream(one, p.id, { publicKeyFor: signer.publicKeyFor })).toMatchObject({ ok: true, sealed: 25_000, pending: 0 });
    } finally {
      await one.close();
    }
  }, 60_000);

  it('reports progress up to the seal head', async () => {
    const practiceId = await awkwardPractice();
    const seen: [number, number][] = [];
    await verifyStream(db, practiceId, { publicKeyFor: signer.publicKeyFor, onProgress: (checked, total) => seen.push([checked, total]) });
    expect(seen.at(-1)).toEqual([6, 6]);
  });
});
