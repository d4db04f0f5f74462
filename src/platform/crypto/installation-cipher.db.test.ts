import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIsolatedDatabase } from '../../../test/support/isolated-database.js';
import type { Database } from '../db/database.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import { DecryptionError } from './errors.js';
import type { InstallationFieldCipher } from './installation-cipher.js';
import { createInstallationFieldCipher } from './installation-cipher.js';
import { provisionInstallationKeys, rewrapInstallationKeys } from './installation-keys.js';
import { Keyring } from './keyring.js';
import { fileKeyringStore } from './keyring-store.js';

/**
 * The installation keys are one set per database, matching one keyring: on Postgres this file uses a
 * database of its own, so the other test files (each with its own keyring) never meet its keys.
 */
let db: Database;
let dropDatabase: () => Promise<void> = async () => undefined;
let dir: string;
let keyring: Keyring;
let cipher: InstallationFieldCipher;
const table = 'zz_installation_test';

beforeAll(async () => {
  ({ db, drop: dropDatabase } = await openIsolatedDatabase());
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-installation-'));
  keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  cipher = createInstallationFieldCipher({ db, keyring });
  await db.ownerTransaction(async (tx) => {
    await tx.exec(`create table ${table} (id uuid primary key, contact ciphertext, contact_bidx blind_index);
                   grant select, insert, update on ${table} to confidant_app`);
  });
});

afterAll(async () => {
  await cipher.flushSecurityEvents();
  await db.close();
  await dropDatabase();
  rmSync(dir, { recursive: true, force: true });
});

describe('installation-level field encryption', () => {
  it('keys are provisioned once, however often start-up runs', async () => {
    expect(await provisionInstallationKeys(db, keyring)).toEqual({ created: 2 });
    expect(await provisionInstallationKeys(db, keyring)).toEqual({ created: 0 });
  });

  it('round-trips on the application connection, with a blind index for lookup', async () => {
    const id = randomUUID();
    await db.transaction(async (tx) => {
      const stored = await cipher.encrypt(tx, { table, column: 'contact', rowId: id }, 'synthetic.portal.user@example.test');
      const bidx = await cipher.blindIndex(tx, 'email', 'Synthetic.Portal.User@example.test');
      await tx.rows(sql`insert into ${sql.identifier(table)} (id, contact, contact_bidx) values (${id}, ${stored}, ${bidx})`);
    });
    const found = await db.transaction(async (tx) => {
      const bidx = await cipher.blindIndex(tx, 'email', ' synthetic.portal.user@EXAMPLE.test');
      const [row] = await tx.rows<{ id: string; contact: string }>(sql`select id::text as id, contact from ${sql.identifier(table)} where contact_bidx = ${bidx}`);
      return row && cipher.decrypt(tx, { table, column: 'contact', rowId: row.id }, row.contact);
    });
    expect(found).toBe('synthetic.portal.user@example.test');
  });

  it('a value moved to another row fails with a security event in the installation stream', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const stored = await db.transaction((tx) => cipher.encrypt(tx, { table, column: 'contact', rowId: a }, 'synthetic value'));
    await expect(db.transaction((tx) => cipher.decrypt(tx, { table, column: 'contact', rowId: b }, stored))).rejects.toThrow(DecryptionError);
    await cipher.flushSecurityEvents();
    const [row] = await db.ownerTransaction(async (tx) => {
      await tx.exec('set local role none');
      return tx.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where practice_id = ${INSTALLATION_STREAM_ID} and action = 'decrypt_failed' and resource_id = ${`${table}.contact:${b}`}`);
    }, { sessionUser: true });
    expect(row?.n).toBe(1);
  });

  it('after an installation KEK rotation the keys are re-wrapped and fields still read', async () => {
    const id = randomUUID();
    const stored = await db.transaction((tx) => cipher.encrypt(tx, { table, column: 'contact', rowId: id }, 'synthetic before rotation'));
    await keyring.rotateInstallationKek();
    expect(await rewrapInstallationKeys(db, keyring)).toBe(2);
    expect(await rewrapInstallationKeys(db, keyring)).toBe(0);
    const fresh = createInstallationFieldCipher({ db, keyring });
    expect(await db.transaction((tx) => fresh.decrypt(tx, { table, column: 'contact', rowId: id }, stored))).toBe('synthetic before rotation');
  });
});
