import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Database } from '../db/database.js';
import { keyringPath } from '../setup/first-start.js';
import { KeyUnavailableError, KeyringError } from './errors.js';
import { loadInstallationKeys, provisionInstallationKeys } from './installation-keys.js';
import { Keyring } from './keyring.js';
import { envKeyringStore, fileKeyringStore } from './keyring-store.js';

/** The keyring the configuration names; on first start with the file provider it is created (mode 0600). */
export async function openKeyring(config: Pick<Config, 'dataDir' | 'masterKey' | 'keyring'>, opts: { create?: boolean } = {}): Promise<{ keyring: Keyring; created: boolean }> {
  const store = config.keyring.provider === 'env' ? envKeyringStore(config.keyring.document, config.masterKey) : fileKeyringStore(keyringPath(config.dataDir), config.masterKey);
  return Keyring.open(store, opts);
}

/**
 * Start-up: opens the keyring and checks that it belongs to this database, then makes sure the
 * installation keys exist. A missing keyring is created only for a database that holds no wrapped
 * keys yet: silently creating a fresh one for an existing database would make all of its data
 * unreadable from then on, so start-up stops and asks for the keyring backup instead.
 */
export async function initialiseKeyring(config: Pick<Config, 'dataDir' | 'masterKey' | 'keyring'>, db: Database): Promise<{ keyring: Keyring; created: boolean }> {
  const [row] = await db.rows<{ n: number }>(sql`select count(*)::int as n from installation_keys`);
  const databaseHasKeys = (row?.n ?? 0) > 0;
  let opened: { keyring: Keyring; created: boolean };
  try {
    opened = await openKeyring(config, { create: !databaseHasKeys });
  } catch (err) {
    if (err instanceof KeyringError && databaseHasKeys && /no keyring found/.test(err.message)) {
      throw new KeyringError('the keyring is missing but the database holds keys wrapped by one: restore keyring.json (or CONFIDANT_KEYRING) from its backup', { cause: err });
    }
    throw err;
  }
  if (databaseHasKeys) {
    try {
      await db.transaction((tx) => loadInstallationKeys(tx, opened.keyring));
    } catch (err) {
      if (err instanceof KeyUnavailableError) throw new KeyringError('the keyring does not belong to this database (its installation KEK does not unwrap the installation keys)', { cause: err });
      throw err;
    }
  }
  await provisionInstallationKeys(db, opened.keyring);
  return opened;
}
