import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/platform/db/database.js';
import { provisionInstallationKeys } from '../../src/platform/crypto/installation-keys.js';
import { Keyring } from '../../src/platform/crypto/keyring.js';
import { fileKeyringStore } from '../../src/platform/crypto/keyring-store.js';
import { testDbKind } from './db.js';

const keyrings = new WeakMap<Database, Promise<Keyring>>();

/**
 * The keyring of a test database, opened as a first start would. On PGlite each test file has its own
 * database, so a fresh keyring; on Postgres every test file of a run shares one database, whose
 * installation keys are wrapped by one installation KEK, so they share one keyring file too. A second
 * app on the same database (a restart, another instance) gets the same keyring, as a real one would:
 * a fresh keyring could not unwrap the installation keys the first one provisioned.
 */
export async function openTestKeyring(db: Database): Promise<Keyring> {
  let opened = keyrings.get(db);
  if (!opened) {
    opened = openNewTestKeyring(db);
    keyrings.set(db, opened);
  }
  return opened;
}

async function openNewTestKeyring(db: Database): Promise<Keyring> {
  const file =
    testDbKind() === 'postgres'
      ? path.join(tmpdir(), `confidant-test-keyring-${createHash('sha256').update(process.env.CONFIDANT_TEST_DATABASE_URL ?? '').digest('hex').slice(0, 16)}.json`)
      : path.join(mkdtempSync(path.join(tmpdir(), 'confidant-keyring-')), 'keyring.json');
  const { keyring } = await Keyring.open(fileKeyringStore(file, null), { create: true });
  await provisionInstallationKeys(db, keyring);
  return keyring;
}
