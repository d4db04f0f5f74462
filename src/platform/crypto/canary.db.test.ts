import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase, testDbKind } from '../../../test/support/db.js';
import type { EncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import { createEncryptedTestTable } from '../../../test/support/encrypted-test-table.js';
import type { RawDatabaseSource } from '../../../test/support/raw-database.js';
import { rawDatabaseContains } from '../../../test/support/raw-database.js';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { createFieldCipher } from './field-cipher.js';
import { Keyring } from './keyring.js';
import { fileKeyringStore } from './keyring-store.js';
import { provisionPracticeKeys } from './provision.js';

let db: Database;
let dir: string;
let table: EncryptedTestTable;
const tag = randomBytes(4).toString('hex');
const canaries = [`Canary Client ${tag}`, `canary.person.${tag}@example.test`, `+1555010${tag.slice(0, 4).replace(/[a-f]/g, '7')}`, `Canary session note ${tag}: ${'synthetic words '.repeat(40)}`];
// Written in plain text into a non-PHI column: the scan must find it, or it proves nothing.
const control = `Control Practice ${tag}`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-canary-'));
  if (testDbKind() === 'pglite') {
    db = await openPglite(path.join(dir, 'pgdata'));
    await migrate(db);
  } else {
    db = await openTestDatabase();
  }
  const keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  const cipher = createFieldCipher({ db, keyring });
  table = await createEncryptedTestTable(db);
  const p = await createTestPractice(db, control);
  await provisionPracticeKeys(db, keyring, p.id);
  await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'clinician' }, async (tx) => {
    for (const value of canaries) {
      const id = randomUUID();
      const stored = await cipher.encrypt(tx, { table: table.name, column: 'sealed_a', rowId: id, practiceId: p.id }, value);
      await tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${p.id}, ${id}, ${stored})`);
    }
  });
});

afterAll(async () => {
  if (db.kind === 'postgres') {
    await table.drop();
    await db.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('the raw database holds no PHI written through the field API', () => {
  it('none of the canaries appears in the data files / dump, while the plain-text control does', async () => {
    let source: RawDatabaseSource;
    if (db.kind === 'pglite') {
      await db.close(); // flushes pages and WAL to the directory
      source = { dataDir: path.join(dir, 'pgdata') };
    } else {
      source = { postgresUrl: process.env.CONFIDANT_TEST_MIGRATION_URL! };
    }
    const found = await rawDatabaseContains(source, [control, ...canaries]);
    expect(found).toEqual([control]);
  });
});
