import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { CheckpointSigner } from './signer.js';
import { signerFromPrivateKey } from './signer.js';

/**
 * TEMPORARY: until the keyring supplies the installation's Ed25519 signing key, the checkpoint signer
 * is a PEM file in the data directory (mode 0600), created on first use. This is the one place that
 * loads it; the keyring replaces this function, and existing checkpoints stay verifiable as long as
 * the keyring keeps this public key as a retired key.
 */
export function signingKeyPath(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'audit-signing-key.pem');
}

export function loadCheckpointSigner(config: Pick<Config, 'dataDir'>): CheckpointSigner {
  const file = signingKeyPath(config);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return signerFromPrivateKey(createPrivateKey(readFileSync(file)));
}
