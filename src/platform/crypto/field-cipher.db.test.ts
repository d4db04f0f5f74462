import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { TestPractice } from '../../../test/support/db.js';
import type { EncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import { createEncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { DecryptionError } from './errors.js';
import type { FieldCipher } from './field-cipher.js';
import { createFieldCipher } from './field-cipher.js';
import { Keyring } from './keyring.js';
import { fileKeyringStore } from './keyring-store.js';
import { provisionPracticeKeys } from './provision.js';

let db: Database;
let dir: string;
let keyring: Keyring;
let cipher: FieldCipher;
let table: EncryptedTestTable;
let a: TestPractice;
let b: TestPractice;

const ctx = (p: TestPractice) => ({ practiceId: p.id, userId: null, role: 'clinician' });
const ref = (p: TestPractice, rowId: string, column = 'sealed_a') => ({ table: table.name, column, rowId, practiceId: p.id });

async function writeRow(p: TestPractice, id: string, value: string): Promise<string> {
  return withPracticeTx(db, ctx(p), async (tx) => {
    const stored = await cipher.encrypt(tx, ref(p, id), value);
    await tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${p.id}, ${id}, ${stored})`);
    return stored;
  });
}

async function readRow(p: TestPractice, id: string, column = 'sealed_a'): Promise<string> {
  return withPracticeTx(db, ctx(p), async (tx) => {
    const [row] = await tx.rows<{ v: string }>(sql`select ${sql.identifier(column)} as v from ${sql.identifier(table.name)} where id = ${id}`);
    if (!row) throw new Error('row not found');
    return cipher.decrypt(tx, ref(p, id, column), row.v);
  });
}

async function decryptFailedEvents(p: TestPractice, rowId: string): Promise<number> {
  await cipher.flushSecurityEvents();
  const rows = await withPracticeTx(db, ctx(p), (tx) =>
    tx.rows(sql`select 1 from audit_events where action = 'decrypt_failed' and outcome = 'error' and resource_id like ${`%:${rowId}`}`),
  );
  return rows.length;
}

beforeAll(async () => {
  db = await openTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-cipher-'));
  keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  cipher = createFieldCipher({ db, keyring });
  table = await createEncryptedTestTable(db);
  a = await createTestPractice(db);
  b = await createTestPractice(db);
  await provisionPracticeKeys(db, keyring, a.id);
  await provisionPracticeKeys(db, keyring, b.id);
});

afterAll(async () => {
  await cipher.flushSecurityEvents();
  await table.drop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('field encryption through withPracticeTx', () => {
  it('round-trips a field and stores only ciphertext', async () => {
    const id = randomUUID();
    const stored = await writeRow(a, id, 'Test Client 9d41, synthetic note ✓');
    expect(stored).toMatch(/^cf1\.k1\./);
    expect(stored).not.toContain('Test Client');
    expect(await readRow(a, id)).toBe('Test Client 9d41, synthetic note ✓');
  });

  it('provisioning is idempotent and keys are wrapped, one data and one index key per practice', async () => {
    await provisionPracticeKeys(db, keyring, a.id);
    const rows = await withPracticeTx(db, ctx(a), (tx) => tx.rows<{ purpose: string; version: number; wrapped_key: Uint8Array }>(sql`select purpose, version, wrapped_key from practice_keys order by purpose`));
    expect(rows.map((r) => [r.purpose, r.version])).toEqual([['data', 1], ['index', 1]]);
    expect(Buffer.from(rows[0]!.wrapped_key)).toHaveLength(60);
  });

  it('the application connection cannot read wrapped keys; a practice sees only its own', async () => {
    await expect(db.rows(sql`select * from practice_keys`)).rejects.toThrow(/permission denied/);
    const seen = await withPracticeTx(db, ctx(b), (tx) => tx.rows<{ practice_id: string }>(sql`select distinct practice_id from practice_keys`));
    expect(seen.map((r) => r.practice_id)).toEqual([b.id]);
  });

  it('the ciphertext column type refuses plain text', async () => {
    await expect(
      withPracticeTx(db, ctx(a), (tx) => tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${a.id}, ${randomUUID()}, ${'Test Client plain'})`)),
    ).rejects.toThrow(/ciphertext/);
  });

  it('a ciphertext copied to another row fails, with a security event', async () => {
    const source = randomUUID();
    const target = randomUUID();
    const stored = await writeRow(a, source, 'synthetic value row copy');
    await withPracticeTx(db, ctx(a), (tx) => tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${a.id}, ${target}, ${stored})`));
    await expect(readRow(a, target)).rejects.toThrow(DecryptionError);
    await expect(readRow(a, target)).rejects.toThrow(/authentication failed/);
    expect(await decryptFailedEvents(a, target)).toBe(2);
    expect(await readRow(a, source)).toBe('synthetic value row copy');
  });

  it('a ciphertext copied to another column fails', async () => {
    const id = randomUUID();
    const stored = await writeRow(a, id, 'synthetic value column copy');
    await withPracticeTx(db, ctx(a), (tx) => tx.rows(sql`update ${sql.identifier(table.name)} set sealed_b = ${stored} where id = ${id}`));
    await expect(readRow(a, id, 'sealed_b')).rejects.toThrow(DecryptionError);
    expect(await decryptFailedEvents(a, id)).toBe(1);
  });

  it('a ciphertext copied to another practice fails', async () => {
    const id = randomUUID();
    const stored = await writeRow(a, id, 'synthetic value practice copy');
    // same row id, copied by someone with full database rights into practice B
    await asSuperuser(db, (run) => run(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${b.id}, ${id}, ${stored})`));
    await expect(readRow(b, id)).rejects.toThrow(DecryptionError);
    expect(await decryptFailedEvents(b, id)).toBe(1);
  });

  it('a byte changed in the database fails', async () => {
    const id = randomUUID();
    const stored = await writeRow(a, id, 'synthetic value tamper');
    const parts = stored.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0]! ^= 0x01;
    parts[3] = ct.toString('base64url');
    await asSuperuser(db, (run) => run(sql`update ${sql.identifier(table.name)} set sealed_a = ${parts.join('.')} where practice_id = ${a.id} and id = ${id}`));
    await expect(readRow(a, id)).rejects.toThrow(DecryptionError);
  });

  it('keys of one practice cannot be used in a transaction of another', async () => {
    const id = randomUUID();
    const stored = await writeRow(a, id, 'synthetic value cross');
    await expect(withPracticeTx(db, ctx(b), (tx) => cipher.decrypt(tx, ref(a, id), stored))).rejects.toThrow(TypeError);
    await expect(withPracticeTx(db, ctx(b), (tx) => cipher.encrypt(tx, ref(a, id), 'x'))).rejects.toThrow(TypeError);
  });

  it('blind indexes: stable within a practice for equivalent values, different across practices', async () => {
    const inA = await withPracticeTx(db, ctx(a), async (tx) => [
      await cipher.blindIndex(tx, 'email', 'Synthetic.Person@Example.test'),
      await cipher.blindIndex(tx, 'email', ' synthetic.person@example.TEST'),
      await cipher.blindIndex(tx, 'phone', '(555) 010-4477'),
      await cipher.blindIndex(tx, 'phone', '+1 555 010 4477'),
    ]);
    expect(inA[0]).toBe(inA[1]);
    expect(inA[2]).toBe(inA[3]);
    const inB = await withPracticeTx(db, ctx(b), (tx) => cipher.blindIndex(tx, 'email', 'synthetic.person@example.test'));
    expect(inB).not.toBe(inA[0]);
  });

  it('a practice without keys gets a clear error', async () => {
    const c = await createTestPractice(db);
    await expect(withPracticeTx(db, ctx(c), (tx) => cipher.encrypt(tx, ref(c, randomUUID()), 'x'))).rejects.toThrow(/no KEK|no active data keys/);
  });
});
