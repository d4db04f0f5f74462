import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * What the seal needs from the keyring: the installation's Ed25519 signing key. Kept this small so
 * the keyring can supply it, and tests can use a key from generateKeyPairSync('ed25519').
 */
export interface CheckpointSigner {
  keyId: string;
  sign(message: Buffer): Buffer;
  /** The public key of a current or retired signing key, to verify older checkpoints. */
  publicKeyFor(keyId: string): KeyObject | null;
}

export interface CheckpointFields {
  streamId: string;
  seq: number;
  rootHash: Buffer;
  signedAt: Date;
  keyId: string;
}

/** The exact bytes signed: UTF-8, one field per line, every line ending with \n. */
export function checkpointMessage(c: CheckpointFields): Buffer {
  return Buffer.from(
    `confidant-audit-checkpoint-v1\nstream ${c.streamId}\nseq ${c.seq}\nroot ${c.rootHash.toString('hex')}\ntime ${c.signedAt.toISOString()}\nkey ${c.keyId}\n`,
    'utf8',
  );
}

export function verifyCheckpointSignature(c: CheckpointFields, signature: Buffer, publicKey: KeyObject): boolean {
  if (publicKey.asymmetricKeyType !== 'ed25519') return false;
  try {
    return verify(null, checkpointMessage(c), publicKey, signature);
  } catch {
    return false;
  }
}

/** A key id derived from the public key itself: `ed25519:` + the first 16 hex digits of SHA-256(SPKI DER). */
export function keyIdFor(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return `ed25519:${createHash('sha256').update(der).digest('hex').slice(0, 16)}`;
}

/** A signer over one private key (plus retired public keys still needed to verify old checkpoints). */
export function signerFromPrivateKey(privateKey: KeyObject, retired: KeyObject[] = []): CheckpointSigner {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('checkpoint signing needs an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdFor(publicKey);
  const known = new Map<string, KeyObject>([[keyId, publicKey], ...retired.map((k) => [keyIdFor(k), k] as [string, KeyObject])]);
  return {
    keyId,
    sign: (message) => sign(null, message, privateKey),
    publicKeyFor: (id) => known.get(id) ?? null,
  };
}
