import { existsSync, statSync } from 'node:fs';
import type { Config } from '../../config.js';
import { keyringPath } from '../setup/first-start.js';
import { KeyringError } from './errors.js';
import { openKeyring } from './open-keyring.js';

export interface KeyringCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * For `confidant doctor`: the keyring opens (unsealed with the master key if sealed), its file is 0600,
 * and whether it is sealed. Never prints key material.
 */
export async function checkKeyring(config: Pick<Config, 'dataDir' | 'masterKey' | 'keyring'>): Promise<KeyringCheck> {
  const name = 'Keyring';
  if (config.keyring.provider === 'file') {
    const file = keyringPath(config.dataDir);
    if (!existsSync(file)) return { name, ok: false, detail: 'keyring.json missing (start Confidant once to create it)' };
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) return { name, ok: false, detail: `keyring.json has mode ${mode.toString(8).padStart(4, '0')}, expected 0600` };
  }
  try {
    const { keyring } = await openKeyring(config, { create: false });
    const sealed = config.masterKey ? 'sealed with CONFIDANT_MASTER_KEY' : 'not sealed (set CONFIDANT_MASTER_KEY to seal it)';
    return { name, ok: true, detail: `${keyring.providerName} provider, ${keyring.practiceIds().length} practice KEK set(s), ${config.keyring.provider === 'file' ? sealed : 'from CONFIDANT_KEYRING'}` };
  } catch (err) {
    return { name, ok: false, detail: err instanceof KeyringError ? err.message : 'the keyring cannot be opened' };
  }
}
