import type { Config } from '../../config.js';
import { keyringPath } from '../setup/first-start.js';
import { Keyring } from './keyring.js';
import { envKeyringStore, fileKeyringStore } from './keyring-store.js';

/** The keyring the configuration names; on first start with the file provider it is created (mode 0600). */
export async function openKeyring(config: Pick<Config, 'dataDir' | 'masterKey' | 'keyring'>, opts: { create?: boolean } = {}): Promise<{ keyring: Keyring; created: boolean }> {
  const store = config.keyring.provider === 'env' ? envKeyringStore(config.keyring.document, config.masterKey) : fileKeyringStore(keyringPath(config.dataDir), config.masterKey);
  return Keyring.open(store, opts);
}
