import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { openKeyring } from './open-keyring.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-open-keyring-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MASTER = 'synthetic-master-key-for-tests-0123456789abcdef';

describe('keyring from the configuration', () => {
  it('file provider: first start creates <dataDir>/keyring.json (0600), sealed when CONFIDANT_MASTER_KEY is set', async () => {
    const config = loadConfig({ CONFIDANT_DATA_DIR: dir, CONFIDANT_MASTER_KEY: MASTER });
    const first = await openKeyring(config);
    expect(first.created).toBe(true);
    const file = path.join(dir, 'keyring.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('confidant-keyring-sealed');
    const second = await openKeyring(config);
    expect(second.created).toBe(false);
    expect(second.keyring.getAuditSigningKey().keyId).toBe(first.keyring.getAuditSigningKey().keyId);
  });

  it('create: false refuses to make a new keyring (the CLI must not)', async () => {
    await expect(openKeyring(loadConfig({ CONFIDANT_DATA_DIR: dir }), { create: false })).rejects.toThrow(/no keyring found/);
  });

  it('env provider: reads CONFIDANT_KEYRING, and the configuration requires it', async () => {
    const { keyring } = await openKeyring(loadConfig({ CONFIDANT_DATA_DIR: dir }));
    const document = readFileSync(path.join(dir, 'keyring.json')).toString('base64');
    const fromEnv = await openKeyring(loadConfig({ CONFIDANT_DATA_DIR: path.join(dir, 'elsewhere'), CONFIDANT_KEYRING_PROVIDER: 'env', CONFIDANT_KEYRING: document }));
    expect(fromEnv.keyring.providerName).toBe('env');
    expect(fromEnv.keyring.installationKek().key.equals(keyring.installationKek().key)).toBe(true);
    expect(() => loadConfig({ CONFIDANT_KEYRING_PROVIDER: 'env' })).toThrow(/CONFIDANT_KEYRING: expected the keyring document/);
  });
});
