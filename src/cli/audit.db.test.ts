import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperAudit } from '../../test/support/audit.js';
import { createTestPractice, openTestDatabase } from '../../test/support/db.js';
import type { Database } from '../platform/db/database.js';
import { openPostgres } from '../platform/db/postgres.js';
import { withPracticeTx } from '../platform/db/practice-tx.js';
import { signerFromPrivateKey } from '../platform/audit/signer.js';
import { AuditCommandError, auditCheckpoint, auditVerify } from './audit.js';

let db: Database;
const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
const dir = mkdtempSync(path.join(tmpdir(), 'confidant-audit-cli-'));

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

async function practiceWithEvents(n: number): Promise<string> {
  const p = await createTestPractice(db);
  await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'clinician' }, async (tx) => {
    for (let i = 0; i < n; i++) tx.audit({ action: 'read', resourceType: 'note', resourceId: `cli-${i}` });
  });
  return p.id;
}

describe('confidant audit checkpoint / verify', () => {
  it('writes a checkpoint file, then verify proves the log extends it (exit 0)', async () => {
    const id = await practiceWithEvents(4);
    const file = path.join(dir, `${id}.json`);
    const lines: string[] = [];
    expect(await auditCheckpoint(db, signer, { practice: id, out: file }, (l) => lines.push(l))).toBe(0);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ format: 'confidant-audit-checkpoint', stream: id, seq: 4, keyId: signer.keyId });
    await practiceWithEvents(0);
    const out: string[] = [];
    expect(await auditVerify(db, signer, { practice: id, checkpoint: file }, (l) => out.push(l))).toBe(0);
    expect(out.join('\n')).toMatch(/ok {3}.*4 sealed events, 1 checkpoints verified, saved checkpoint proved/);
    expect(out.at(-1)).toBe('OK: 1 stream(s), 4 sealed events verified');
  });

  it('prints the first bad event and exits 1 after tampering', async () => {
    const id = await practiceWithEvents(3);
    await auditCheckpoint(db, signer, { practice: id }, () => undefined);
    const [seal] = await withPracticeTx(db, { practiceId: id, userId: null, role: 'owner' }, (tx) =>
      tx.rows<{ id: string }>(sql`select event_id::text as id from audit_seal where seq = 2`),
    );
    await tamperAudit(db, [sql`update audit_events set action = 'delete' where practice_id = ${id} and id = ${seal!.id}`]);
    const out: string[] = [];
    expect(await auditVerify(db, signer, { practice: id }, (l) => out.push(l))).toBe(1);
    expect(out.at(-1)).toBe(`FAIL ${id} (seq 2, event ${seal!.id}): event ${seal!.id} at seq 2 does not match its seal: changed after sealing`);
  });

  it('refuses a checkpoint file whose signature does not verify', async () => {
    const id = await practiceWithEvents(1);
    const file = path.join(dir, `bad-${id}.json`);
    await auditCheckpoint(db, signer, { practice: id, out: file }, () => undefined);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...saved, root: '0'.repeat(64) }));
    await expect(auditVerify(db, signer, { checkpoint: file }, () => undefined)).rejects.toThrow('signature does not verify');
  });

  it('--jobs: the same first bad event whether the ranges run side by side or one after another', async () => {
    const id = await practiceWithEvents(9);
    await auditCheckpoint(db, signer, { practice: id }, () => undefined);
    const [seal] = await withPracticeTx(db, { practiceId: id, userId: null, role: 'owner' }, (tx) =>
      tx.rows<{ id: string }>(sql`select event_id::text as id from audit_seal where seq = 6`),
    );
    await tamperAudit(db, [sql`delete from audit_events where practice_id = ${id} and id = ${seal!.id}`]);
    // On Postgres a pool wide enough for three ranges (two connections each and one for their snapshot).
    const wide = db.kind === 'postgres' ? await openPostgres({ url: process.env.CONFIDANT_TEST_DATABASE_URL!, migrationUrl: process.env.CONFIDANT_TEST_MIGRATION_URL!, poolSize: 7 }) : db;
    try {
      const outputs = [];
      for (const jobs of ['1', '3']) {
        const out: string[] = [];
        expect(await auditVerify(wide, signer, { practice: id, jobs }, (l) => out.push(l))).toBe(1);
        outputs.push(out);
      }
      expect(outputs[0]!.at(-1)).toBe(`FAIL ${id} (seq 6, event ${seal!.id}): event ${seal!.id} sealed at seq 6 is missing: deleted after sealing`);
      expect(outputs[1]).toEqual(outputs[0]);
    } finally {
      if (wide !== db) await wide.close();
    }
  });

  it('refuses a --jobs that is not a whole number from 1', async () => {
    for (const jobs of ['0', '-2', 'all', '1.5']) await expect(auditVerify(db, signer, { jobs }, () => undefined)).rejects.toBeInstanceOf(AuditCommandError);
  });

  it('refuses a --practice that is not a uuid', async () => {
    await expect(auditVerify(db, signer, { practice: 'not-a-practice' }, () => undefined)).rejects.toBeInstanceOf(AuditCommandError);
  });
});
