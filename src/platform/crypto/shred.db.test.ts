import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase, testDbKind } from '../../../test/support/db.js';
import type { TestPractice } from '../../../test/support/db.js';
import type { EncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import { createEncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import { pgDump } from '../../../test/support/raw-database.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { open } from './aead.js';
import type { WrappedKeyRow } from './data-keys.js';
import { unwrapKey } from './data-keys.js';
import { KeyUnavailableError } from './errors.js';
import { createFieldCipher } from './field-cipher.js';
import { fieldAad, parseField } from './field-format.js';
import { Keyring } from './keyring.js';
import { fileKeyringStore } from './keyring-store.js';
import { provisionPracticeKeys } from './provision.js';
import { destroyPracticeKeys } from './shred.js';

/**
 * Crypto-shredding, proved against a copy of the database taken before destruction: a file copy of the
 * PGlite data directory, or a pg_dump of the Postgres database. After destroy, no key left anywhere in
 * the keyring unwraps the practice's data keys in that copy, and none decrypts its fields.
 */
let db: Database;
let dir: string;
let keyringFile: string;
let keyring: Keyring;
let table: EncryptedTestTable;
let victim: TestPractice;
let survivor: TestPractice;
const written = new Map<string, { practice: TestPractice; value: string }>();

interface Snapshot {
  keys(practiceId: string): Promise<WrappedKeyRow[]>;
  fields(practiceId: string): Promise<{ id: string; value: string }[]>;
  close(): Promise<void>;
}

const ctx = (p: { id: string }) => ({ practiceId: p.id, userId: null, role: 'clinician' });

async function write(p: TestPractice, value: string): Promise<void> {
  const cipher = createFieldCipher({ db, keyring });
  const id = randomUUID();
  await withPracticeTx(db, ctx(p), async (tx) => {
    const stored = await cipher.encrypt(tx, { table: table.name, column: 'sealed_a', rowId: id, practiceId: p.id }, value);
    await tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${p.id}, ${id}, ${stored})`);
  });
  written.set(id, { practice: p, value });
}

/** The COPY block of one table in a plain pg_dump, as rows of column -> text value. */
function copyRows(dump: string, tableName: string): Record<string, string>[] {
  const lines = dump.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`COPY public.${tableName} (`));
  if (start < 0) throw new Error(`${tableName} not in dump`);
  const columns = /\((.*)\)/.exec(lines[start]!)![1]!.split(', ');
  const rows: Record<string, string>[] = [];
  for (let i = start + 1; lines[i] !== '\\.'; i++) {
    const cells = lines[i]!.split('\t');
    rows.push(Object.fromEntries(columns.map((c, j) => [c, cells[j]!])));
  }
  return rows;
}

async function snapshotDatabase(): Promise<Snapshot> {
  if (db.kind === 'pglite') {
    const copyDir = path.join(dir, 'pgdata-copy');
    await db.close();
    cpSync(path.join(dir, 'pgdata'), copyDir, { recursive: true });
    db = await openPglite(path.join(dir, 'pgdata'));
    const copy = await openPglite(copyDir);
    return {
      keys: (id) => withPracticeTx(copy, ctx({ id }), (tx) => tx.rows<WrappedKeyRow>(sql`select purpose, version, wrapped_key, kek_version, status from practice_keys`)),
      fields: (id) => withPracticeTx(copy, ctx({ id }), (tx) => tx.rows<{ id: string; value: string }>(sql`select id::text as id, sealed_a as value from ${sql.identifier(table.name)}`)),
      close: () => copy.close(),
    };
  }
  const dump = pgDump(process.env.CONFIDANT_TEST_MIGRATION_URL!, ['--data-only', '--table=practice_keys', `--table=${table.name}`]);
  return {
    keys: async (id) =>
      copyRows(dump, 'practice_keys')
        .filter((r) => r.practice_id === id)
        .map((r) => ({
          purpose: r.purpose as 'data' | 'index',
          version: Number(r.version),
          kek_version: Number(r.kek_version),
          status: r.status as 'active',
          wrapped_key: Buffer.from(r.wrapped_key!.replace(/^\\\\x/, ''), 'hex'),
        })),
    fields: async (id) => copyRows(dump, table.name).filter((r) => r.practice_id === id).map((r) => ({ id: r.id!, value: r.sealed_a! })),
    close: async () => undefined,
  };
}

/** Every key the keyring file still holds, whatever it is labelled: what an attacker holding it would try. */
function everyKeyInKeyring(): Buffer[] {
  const doc = JSON.parse(readFileSync(keyringFile, 'utf8')) as { installation: { kek: { key: string }[] }; practices: Record<string, { kek: { key: string }[] }> };
  return [...doc.installation.kek, ...Object.values(doc.practices).flatMap((p) => p.kek)].map((k) => Buffer.from(k.key, 'base64'));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-shred-'));
  if (testDbKind() === 'pglite') {
    db = await openPglite(path.join(dir, 'pgdata'));
    await migrate(db);
  } else {
    db = await openTestDatabase();
  }
  keyringFile = path.join(dir, 'keyring.json');
  keyring = (await Keyring.open(fileKeyringStore(keyringFile, null))).keyring;
  table = await createEncryptedTestTable(db);
  victim = await createTestPractice(db);
  survivor = await createTestPractice(db);
  for (const p of [victim, survivor]) {
    await provisionPracticeKeys(db, keyring, p.id);
    for (let i = 0; i < 3; i++) await write(p, `Synthetic Client ${i} of ${p.name}`);
  }
});

afterAll(async () => {
  // The PGlite database was reopened for the copy; its directory goes away below.
  if (db.kind === 'postgres') await table.drop();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('crypto-shredding a practice', () => {
  it('leaves nothing readable in the live database or in a copy taken before', async () => {
    const snapshot = await snapshotDatabase();
    try {
      // The copy is a working copy: before destruction its fields decrypt with the keyring.
      const beforeKeys = await snapshot.keys(victim.id);
      expect(beforeKeys.map((k) => k.purpose).sort()).toEqual(['data', 'index']);
      expect(() => unwrapKey(keyring, victim.id, beforeKeys.find((k) => k.purpose === 'data')!)).not.toThrow();

      const { deletedWrappedKeys } = await destroyPracticeKeys(db, keyring, victim.id);
      expect(deletedWrappedKeys).toBe(2);
      const statuses = await db.rows<{ id: string; status: string }>(sql`select id::text, status from practices where id in (${victim.id}::uuid, ${survivor.id}::uuid)`);
      expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({ [victim.id]: 'terminated', [survivor.id]: 'active' });

      // live database: a fresh process cannot read the victim's fields; the survivor is unaffected
      const cipher = createFieldCipher({ db, keyring });
      for (const [id, w] of written) {
        const read = withPracticeTx(db, ctx(w.practice), async (tx) => {
          const [row] = await tx.rows<{ v: string }>(sql`select sealed_a as v from ${sql.identifier(table.name)} where id = ${id}`);
          return cipher.decrypt(tx, { table: table.name, column: 'sealed_a', rowId: id, practiceId: w.practice.id }, row!.v);
        });
        if (w.practice === victim) await expect(read).rejects.toThrow(KeyUnavailableError);
        else await expect(read).resolves.toBe(w.value);
      }

      // the copy: the keyring refuses, and no key it still holds unwraps the victim's data keys
      const keys = await snapshot.keys(victim.id);
      expect(keys).toHaveLength(2);
      for (const k of keys) expect(() => unwrapKey(keyring, victim.id, k)).toThrow(/destroyed/);
      const candidates = everyKeyInKeyring();
      expect(candidates.length).toBeGreaterThanOrEqual(2);
      const fields = await snapshot.fields(victim.id);
      expect(fields).toHaveLength(3);
      for (const f of fields) {
        const parsed = parseField(f.value)!;
        const aad = fieldAad({ table: table.name, column: 'sealed_a', rowId: f.id, practiceId: victim.id }, parsed.keyVersion);
        for (const key of candidates) expect(open(key, parsed.sealed, aad)).toBeNull();
      }
      // ... while the survivor's fields in the same copy still decrypt: the copy itself is sound.
      const survivorKey = unwrapKey(keyring, survivor.id, (await snapshot.keys(survivor.id)).find((k) => k.purpose === 'data')!);
      for (const f of await snapshot.fields(survivor.id)) {
        const parsed = parseField(f.value)!;
        const plain = open(survivorKey, parsed.sealed, fieldAad({ table: table.name, column: 'sealed_a', rowId: f.id, practiceId: survivor.id }, parsed.keyVersion));
        expect(plain?.toString()).toBe(written.get(f.id)?.value);
      }
    } finally {
      await snapshot.close();
    }
  });

  it('a destroyed practice cannot be given keys again', async () => {
    await expect(provisionPracticeKeys(db, keyring, victim.id)).rejects.toThrow(/destroyed/);
  });
});
