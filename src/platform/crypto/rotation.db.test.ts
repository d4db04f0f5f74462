import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { TestPractice } from '../../../test/support/db.js';
import type { EncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import { createEncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { FieldCipher } from './field-cipher.js';
import { createFieldCipher } from './field-cipher.js';
import { fieldKeyVersion } from './field-format.js';
import { Keyring } from './keyring.js';
import { fileKeyringStore } from './keyring-store.js';
import { provisionPracticeKeys } from './provision.js';
import { countStaleFields, reencryptPractice, rotateDataKey, rotatePracticeKek } from './rotation.js';

let db: Database;
let dir: string;
let keyring: Keyring;
let table: EncryptedTestTable;

const ctx = (p: TestPractice) => ({ practiceId: p.id, userId: null, role: 'clinician' });

async function seed(cipher: FieldCipher, p: TestPractice, n: number): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  await withPracticeTx(db, ctx(p), async (tx) => {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      const value = `Synthetic value ${i} ${id.slice(0, 4)}`;
      values.set(id, value);
      const r = (column: string) => ({ table: table.name, column, rowId: id, practiceId: p.id });
      await tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a, sealed_b)
        values (${p.id}, ${id}, ${await cipher.encrypt(tx, r('sealed_a'), value)}, ${i % 3 === 0 ? null : await cipher.encrypt(tx, r('sealed_b'), value)})`);
    }
  });
  return values;
}

async function readAll(cipher: FieldCipher, p: TestPractice): Promise<{ values: Map<string, string>; versions: Set<number> }> {
  return withPracticeTx(db, ctx(p), async (tx) => {
    const rows = await tx.rows<{ id: string; a: string; b: string | null }>(sql`select id::text as id, sealed_a as a, sealed_b as b from ${sql.identifier(table.name)}`);
    const values = new Map<string, string>();
    const versions = new Set<number>();
    for (const row of rows) {
      values.set(row.id, await cipher.decrypt(tx, { table: table.name, column: 'sealed_a', rowId: row.id, practiceId: p.id }, row.a));
      versions.add(fieldKeyVersion(row.a)!);
      if (row.b) {
        expect(await cipher.decrypt(tx, { table: table.name, column: 'sealed_b', rowId: row.id, practiceId: p.id }, row.b)).toBe(values.get(row.id));
        versions.add(fieldKeyVersion(row.b)!);
      }
    }
    return { values, versions };
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-rotation-'));
  keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  table = await createEncryptedTestTable(db);
});

afterAll(async () => {
  await table.drop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('data key rotation', () => {
  it('new writes use the new version; fields under the old version stay readable until re-encrypted', async () => {
    const p = await createTestPractice(db);
    await provisionPracticeKeys(db, keyring, p.id);
    const cipher = createFieldCipher({ db, keyring });
    const before = await seed(cipher, p, 5);
    const { version } = await rotateDataKey(db, keyring, p.id);
    expect(version).toBe(2);
    cipher.forget(p.id);
    const after = await seed(cipher, p, 2);
    const read = await readAll(cipher, p);
    expect(read.versions).toEqual(new Set([1, 2]));
    expect(read.values).toEqual(new Map([...before, ...after]));
    expect((await countStaleFields(db, p.id, table.columns)).stale).toBe(5 + 3);
  });

  it('a process whose cache predates the rotation reloads keys to read a newer version', async () => {
    const p = await createTestPractice(db);
    await provisionPracticeKeys(db, keyring, p.id);
    const stale = createFieldCipher({ db, keyring });
    await seed(stale, p, 1); // caches version 1
    await rotateDataKey(db, keyring, p.id);
    const writtenByOther = await seed(createFieldCipher({ db, keyring }), p, 1);
    const read = await readAll(stale, p);
    for (const [id, value] of writtenByOther) expect(read.values.get(id)).toBe(value);
  });

  it('re-encryption interrupted half-way is resumed and completes, values unchanged', async () => {
    const p = await createTestPractice(db);
    await provisionPracticeKeys(db, keyring, p.id);
    const cipher = createFieldCipher({ db, keyring });
    const values = await seed(cipher, p, 30);
    await rotateDataKey(db, keyring, p.id);
    const total = (await countStaleFields(db, p.id, table.columns)).stale;
    expect(total).toBe(30 + 20);

    // The process dies after its second batch has committed.
    let batches = 0;
    await expect(
      reencryptPractice(db, cipher, p.id, {
        columns: table.columns,
        batchSize: 7,
        onProgress: () => {
          if (++batches === 2) throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const half = await countStaleFields(db, p.id, table.columns);
    expect(half.stale).toBe(total - 14);
    // Mid-rotation, everything still reads, from both versions.
    const mid = await readAll(createFieldCipher({ db, keyring }), p);
    expect(mid.values).toEqual(values);
    expect(mid.versions).toEqual(new Set([1, 2]));

    const progress: number[] = [];
    const result = await reencryptPractice(db, createFieldCipher({ db, keyring }), p.id, { columns: table.columns, batchSize: 7, onProgress: (x) => progress.push(x.done) });
    expect(result).toMatchObject({ version: 2, reencrypted: total - 14, failed: [], remaining: 0 });
    expect(progress.at(-1)).toBe(total - 14);
    const end = await readAll(createFieldCipher({ db, keyring }), p);
    expect(end.values).toEqual(values);
    expect(end.versions).toEqual(new Set([2]));
  });

  it('a tampered field is reported and skipped, not an endless loop', async () => {
    const p = await createTestPractice(db);
    await provisionPracticeKeys(db, keyring, p.id);
    const cipher = createFieldCipher({ db, keyring });
    const values = await seed(cipher, p, 3);
    const [victim] = [...values.keys()];
    // move sealed_a of the victim into another row: it no longer authenticates there
    const other = [...values.keys()][1]!;
    await withPracticeTx(db, ctx(p), (tx) =>
      tx.rows(sql`update ${sql.identifier(table.name)} set sealed_a = (select sealed_a from ${sql.identifier(table.name)} where id = ${victim!}) where id = ${other}`),
    );
    await rotateDataKey(db, keyring, p.id);
    const result = await reencryptPractice(db, cipher, p.id, { columns: table.columns, batchSize: 2 });
    expect(result.failed).toEqual([`${table.name}.sealed_a:${other}`]);
    expect(result.remaining).toBe(1);
    await cipher.flushSecurityEvents();
  });
});

describe('KEK rotation', () => {
  it('re-wraps every data and index key; fields are untouched and still read', async () => {
    const p = await createTestPractice(db);
    await provisionPracticeKeys(db, keyring, p.id);
    const cipher = createFieldCipher({ db, keyring });
    const values = await seed(cipher, p, 4);
    await rotateDataKey(db, keyring, p.id);
    const fieldsBefore = await withPracticeTx(db, ctx(p), (tx) => tx.rows(sql`select * from ${sql.identifier(table.name)} order by id`));
    const { kekVersion, rewrapped } = await rotatePracticeKek(db, keyring, p.id);
    expect(kekVersion).toBe(2);
    expect(rewrapped).toBe(3); // data v1, data v2, index v1
    const kv = await withPracticeTx(db, ctx(p), (tx) => tx.rows<{ k: number }>(sql`select distinct kek_version as k from practice_keys`));
    expect(kv).toEqual([{ k: 2 }]);
    expect(await withPracticeTx(db, ctx(p), (tx) => tx.rows(sql`select * from ${sql.identifier(table.name)} order by id`))).toEqual(fieldsBefore);
    expect((await readAll(createFieldCipher({ db, keyring }), p)).values).toEqual(values);
  });
});
