import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice } from '../../test/support/db.js';
import { openIsolatedDatabase } from '../../test/support/isolated-database.js';
import type { TestPractice } from '../../test/support/db.js';
import type { EncryptedTestTable } from '../../test/support/encrypted-test-table.js';
import { createEncryptedTestTable } from '../../test/support/encrypted-test-table.js';
import { KeyUnavailableError } from '../platform/crypto/errors.js';
import { createFieldCipher } from '../platform/crypto/field-cipher.js';
import { fieldKeyVersion } from '../platform/crypto/field-format.js';
import { Keyring } from '../platform/crypto/keyring.js';
import { fileKeyringStore } from '../platform/crypto/keyring-store.js';
import { provisionPracticeKeys } from '../platform/crypto/provision.js';
import type { Database } from '../platform/db/database.js';
import { withPracticeTx } from '../platform/db/practice-tx.js';
import type { KeysDeps } from './keys.js';
import { keysDestroy, keysRotate, keysRotateKek, keysRotateSigning } from './keys.js';

let db: Database;
let dropDatabase: () => Promise<void>;
let dir: string;
let keyring: Keyring;
let table: EncryptedTestTable;

const ctx = (p: TestPractice) => ({ practiceId: p.id, userId: null, role: 'clinician' });

function deps(answer = ''): KeysDeps & { lines: string[]; progress: number[] } {
  const lines: string[] = [];
  const progress: number[] = [];
  return {
    db,
    keyring,
    columns: table.columns,
    lines,
    progress,
    io: {
      out: (l) => lines.push(l),
      ask: async (q) => {
        lines.push(q);
        return answer;
      },
      progress: () => ({ update: (d) => progress.push(d), stop: () => undefined }),
    },
  };
}

async function practiceWithFields(n: number): Promise<{ p: TestPractice; ids: string[] }> {
  const p = await createTestPractice(db);
  await provisionPracticeKeys(db, keyring, p.id);
  const cipher = createFieldCipher({ db, keyring });
  const ids: string[] = [];
  await withPracticeTx(db, ctx(p), async (tx) => {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      ids.push(id);
      const stored = await cipher.encrypt(tx, { table: table.name, column: 'sealed_a', rowId: id, practiceId: p.id }, `Synthetic value ${i}`);
      await tx.rows(sql`insert into ${sql.identifier(table.name)} (practice_id, id, sealed_a) values (${p.id}, ${id}, ${stored})`);
    }
  });
  return { p, ids };
}

async function readAll(p: TestPractice): Promise<string[]> {
  const cipher = createFieldCipher({ db, keyring });
  return withPracticeTx(db, ctx(p), async (tx) => {
    const rows = await tx.rows<{ id: string; v: string }>(sql`select id::text as id, sealed_a as v from ${sql.identifier(table.name)} order by id`);
    return Promise.all(rows.map((r) => cipher.decrypt(tx, { table: table.name, column: 'sealed_a', rowId: r.id, practiceId: p.id }, r.v)));
  });
}

beforeAll(async () => {
  // A database of its own: rotate-kek re-wraps the installation keys, which in the run's shared
  // database belong to the test keyring, not to this file's.
  ({ db, drop: dropDatabase } = await openIsolatedDatabase());
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-keys-cli-'));
  keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  table = await createEncryptedTestTable(db);
});

afterAll(async () => {
  await table.drop();
  await db.close();
  await dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe('confidant keys rotate', () => {
  it('activates a new data key, re-encrypts every field with progress, values unchanged', async () => {
    const { p } = await practiceWithFields(12);
    const before = await readAll(p);
    const d = deps();
    expect(await keysRotate(d, { practice: p.id, batchSize: 5 })).toBe(0);
    expect(d.lines).toEqual(['data key v2 is active for new writes', 're-encrypted 12 field(s) under data key v2']);
    expect(d.progress).toEqual([5, 10, 12]);
    expect(await readAll(p)).toEqual(before);
    const versions = await withPracticeTx(db, ctx(p), (tx) => tx.rows<{ v: string }>(sql`select sealed_a as v from ${sql.identifier(table.name)}`));
    expect(new Set(versions.map((r) => fieldKeyVersion(r.v)))).toEqual(new Set([2]));
  });

  it('--resume finishes without creating another version', async () => {
    const { p } = await practiceWithFields(3);
    const d = deps();
    expect(await keysRotate(d, { practice: p.id, resume: true })).toBe(0);
    expect(d.lines).toEqual(['re-encrypted 0 field(s) under data key v1']);
  });

  it('rejects a malformed or unknown practice id with exit code 2', async () => {
    const d = deps();
    expect(await keysRotate(d, { practice: 'not-a-uuid' })).toBe(2);
    expect(await keysRotate(d, { practice: randomUUID() })).toBe(2);
    expect(d.lines[1]).toMatch(/^no practice with id/);
  });
});

describe('confidant keys rotate-kek', () => {
  it('re-wraps the keys of a practice; its fields still read', async () => {
    const { p } = await practiceWithFields(2);
    const before = await readAll(p);
    const d = deps();
    expect(await keysRotateKek(d, { practice: p.id })).toBe(0);
    expect(d.lines).toEqual([`practice ${p.id}: KEK v2, 2 data key(s) re-wrapped`]);
    expect(await readAll(p)).toEqual(before);
  });

  it('without --practice rotates the installation KEK and every practice', async () => {
    const { p } = await practiceWithFields(1);
    const installationBefore = keyring.installationKek().version;
    const d = deps();
    expect(await keysRotateKek(d, {})).toBe(0);
    expect(keyring.installationKek().version).toBe(installationBefore + 1);
    expect(d.lines[0]).toMatch(new RegExp(`^installation KEK v${installationBefore + 1} is active, \\d+ installation key\\(s\\) re-wrapped$`));
    expect(d.lines).toContain(`practice ${p.id}: KEK v2, 2 data key(s) re-wrapped`);
  });
});

describe('confidant keys rotate-signing', () => {
  it('activates a new audit signing key and keeps the old public key', async () => {
    const before = keyring.getAuditSigningKey().keyId;
    const d = deps();
    expect(await keysRotateSigning(d)).toBe(0);
    const after = keyring.getAuditSigningKey().keyId;
    expect(after).not.toBe(before);
    expect(d.lines).toEqual([`audit signing key ${after} is active; ${before} is kept for verifying older checkpoints`]);
    expect(keyring.auditVerificationKeys().map((k) => k.keyId)).toContain(before);
  });
});

describe('confidant keys destroy', () => {
  it('does nothing unless the practice id is typed', async () => {
    const { p } = await practiceWithFields(2);
    const d = deps(p.id.slice(0, -1));
    expect(await keysDestroy(d, { practice: p.id })).toBe(1);
    expect(d.lines).toContain('Type the practice id to confirm: ');
    expect(d.lines.at(-1)).toBe('The confirmation did not match; nothing was destroyed.');
    expect(await readAll(p)).toHaveLength(2);
  });

  it('with the typed confirmation, the practice’s fields can no longer be read', async () => {
    const { p } = await practiceWithFields(2);
    const d = deps(` ${p.id}\n`);
    expect(await keysDestroy(d, { practice: p.id })).toBe(0);
    expect(d.lines.some((l) => l.includes('KEKs removed from the keyring, 2 wrapped data key(s) deleted'))).toBe(true);
    await expect(readAll(p)).rejects.toThrow(KeyUnavailableError);
    const events = await withPracticeTx(db, ctx(p), (tx) => tx.rows(sql`select 1 from audit_events where action = 'key_destroy'`));
    expect(events).toHaveLength(1);
  });
});

describe('the confidant binary', () => {
  it('refuses to work without an existing keyring rather than creating one', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'confidant-keys-bin-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CONFIDANT_DATA_DIR: dataDir, NODE_ENV: 'test' };
      delete env.DATABASE_URL;
      delete env.MIGRATION_DATABASE_URL;
      const r = spawnSync(process.execPath, ['bin/confidant.js', 'keys', 'destroy', '--practice', randomUUID()], {
        env,
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('no keyring found');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
