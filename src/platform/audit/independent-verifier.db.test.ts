import { createHash, createPublicKey, generateKeyPairSync, randomUUID, verify as ed25519Verify } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { currentCheckpoint, toCheckpointFile } from './checkpoint.js';
import { collectExport, exportAuditEvents } from './export.js';
import { signerFromPrivateKey } from './signer.js';

/**
 * A verifier written from docs/SECURITY.md "Audit trail / Format (version 1)" alone: it uses only
 * node:crypto, none of Confidant's audit code, so the documented format is the one the seal uses.
 */
const FIELDS = ['practice_id', 'id', 'occurred_at', 'actor_user_id', 'actor_role', 'session_id', 'source_ip', 'user_agent', 'action', 'resource_type', 'resource_id', 'subject_client_id', 'purpose_of_use', 'outcome', 'request_id'];
const sha256 = (...parts: Buffer[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

function independentlyVerify(jsonl: string, checkpointJson: string): string {
  const cp = JSON.parse(checkpointJson) as { stream: string; seq: number; root: string; time: string; keyId: string; signature: string; publicKey: string };
  const message = `confidant-audit-checkpoint-v1\nstream ${cp.stream}\nseq ${cp.seq}\nroot ${cp.root}\ntime ${cp.time}\nkey ${cp.keyId}\n`;
  const key = createPublicKey(cp.publicKey);
  if (!ed25519Verify(null, Buffer.from(message, 'utf8'), key, Buffer.from(cp.signature, 'base64'))) return 'bad checkpoint signature';
  const spki = key.export({ type: 'spki', format: 'der' });
  if (`ed25519:${sha256(spki).toString('hex').slice(0, 16)}` !== cp.keyId) return 'key id mismatch';
  let chain: Buffer = Buffer.alloc(32);
  let expectedSeq = 1;
  let rootAtCheckpoint: string | null = null;
  for (const line of jsonl.split('\n').filter(Boolean)) {
    const e = JSON.parse(line) as Record<string, string | number | null>;
    if (e.seq !== expectedSeq) return `gap at seq ${expectedSeq}`;
    const parts: Buffer[] = [Buffer.from('confidant-audit-event-v1\n', 'utf8')];
    for (const f of FIELDS) {
      const v = e[f];
      const len = Buffer.alloc(4);
      if (v === null) {
        len.writeUInt32BE(0xffffffff);
        parts.push(len);
      } else {
        const bytes = Buffer.from(String(v), 'utf8');
        len.writeUInt32BE(bytes.length);
        parts.push(len, bytes);
      }
    }
    const leaf = sha256(Buffer.concat(parts));
    if (leaf.toString('hex') !== e.leaf_hash) return `leaf mismatch at seq ${expectedSeq}`;
    const seq = Buffer.alloc(8);
    seq.writeBigUInt64BE(BigInt(expectedSeq));
    chain = sha256(Buffer.from('confidant-audit-chain-v1\n', 'utf8'), chain, seq, leaf);
    if (chain.toString('hex') !== e.chain_hash) return `chain mismatch at seq ${expectedSeq}`;
    if (expectedSeq === cp.seq) rootAtCheckpoint = chain.toString('hex');
    expectedSeq++;
  }
  if (rootAtCheckpoint === null) return 'export ends before the checkpoint';
  return rootAtCheckpoint === cp.root ? 'OK' : 'checkpoint root mismatch';
}

let db: Database;
const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('an independent verifier built from the documented format', () => {
  it('verifies a full JSON-lines export against a checkpoint file, and rejects an altered one', async () => {
    const p = await createTestPractice(db);
    const owner = { practiceId: p.id, userId: randomUUID(), role: 'owner' };
    await withPracticeTx(db, { practiceId: p.id, userId: randomUUID(), role: 'clinician', sessionId: 's-1' }, async (tx) => {
      tx.audit({ action: 'read', resourceType: 'note', resourceId: 'n-1', subjectClientId: randomUUID(), purposeOfUse: 'treatment' });
      tx.audit({ action: 'update', resourceType: 'client', resourceId: '', outcome: 'error' });
    });
    await db.transaction(async (tx) => {
      await tx.rows(sql`select set_config('app.practice_id', ${p.id}, true)`);
      // Multi-byte UTF-8 in a user agent, an empty string and an early timestamp committed late.
      await tx.rows(sql`insert into audit_events (practice_id, occurred_at, user_agent, session_id, action, resource_type, outcome)
        values (${p.id}, now() - interval '2 days', 'Navigateur/1.0 (é, 日本)', '', 'login', 'session', 'success')`);
    });
    const checkpoint = await currentCheckpoint(db, p.id, signer);
    const file = JSON.stringify(toCheckpointFile(checkpoint!, signer.publicKeyFor(signer.keyId)!));
    const jsonl = await collectExport(await exportAuditEvents(db, owner, {}, 'jsonl'));
    expect(jsonl.trimEnd().split('\n')).toHaveLength(4); // three events and the export's own
    expect(independentlyVerify(jsonl, file)).toBe('OK');

    const altered = jsonl.replace('"outcome":"error"', '"outcome":"success"');
    expect(altered).not.toBe(jsonl);
    const errorSeq = jsonl.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number; outcome: string }).find((e) => e.outcome === 'error')!.seq;
    expect(independentlyVerify(altered, file)).toBe(`leaf mismatch at seq ${errorSeq}`);
    const dropped = jsonl.split('\n').filter((_, i) => i !== 1).join('\n');
    expect(independentlyVerify(dropped, file)).toBe('gap at seq 2');
    const forged = JSON.stringify({ ...JSON.parse(file), root: 'ab'.repeat(32) });
    expect(independentlyVerify(jsonl, forged)).toBe('bad checkpoint signature');
  });
});
