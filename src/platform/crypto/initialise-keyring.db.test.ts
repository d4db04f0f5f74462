import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIsolatedDatabase } from '../../../test/support/isolated-database.js';
import { loadConfig } from '../../config.js';
import type { Database } from '../db/database.js';
import { KeyringError } from './errors.js';
import { Keyring } from './keyring.js';
import { fileKeyringStore } from './keyring-store.js';
import { initialiseKeyring } from './open-keyring.js';

let db: Database;
let drop: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  ({ db, drop } = await openIsolatedDatabase());
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-init-keyring-'));
});
afterAll(async () => {
  await db.close();
  await drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keyring at start-up', () => {
  it('first start creates the keyring and installation keys; a restart reuses them', async () => {
    const config = loadConfig({ CONFIDANT_DATA_DIR: dir });
    const first = await initialiseKeyring(config, db);
    expect(first.created).toBe(true);
    const again = await initialiseKeyring(config, db);
    expect(again.created).toBe(false);
    expect(again.keyring.installationKek().key.equals(first.keyring.installationKek().key)).toBe(true);
  });

  it('refuses to create a fresh keyring for a database that already holds keys', async () => {
    const config = loadConfig({ CONFIDANT_DATA_DIR: dir });
    renameSync(path.join(dir, 'keyring.json'), path.join(dir, 'keyring.json.bak'));
    try {
      await expect(initialiseKeyring(config, db)).rejects.toThrow(/keyring is missing but the database holds keys/);
    } finally {
      renameSync(path.join(dir, 'keyring.json.bak'), path.join(dir, 'keyring.json'));
    }
  });

  it('refuses a keyring that belongs to another installation', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'confidant-init-keyring-other-'));
    try {
      await Keyring.open(fileKeyringStore(path.join(other, 'keyring.json'), null));
      const promise = initialiseKeyring(loadConfig({ CONFIDANT_DATA_DIR: other }), db);
      await expect(promise).rejects.toThrow(KeyringError);
      await expect(promise).rejects.toThrow(/does not belong to this database/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
