import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import type { CheckpointSigner } from './signer.js';
import { keyIdFor } from './signer.js';

/**
 * Checkpoints are signed with the installation's Ed25519 key from the keyring; retired versions stay
 * available to verify checkpoints signed before a rotation. Key ids are derived from the public key
 * alone (keyIdFor), as the checkpoint format documents, so an offline verifier can check them.
 */
export function signerFromKeyring(keyring: Keyring): CheckpointSigner {
  const active = keyring.getAuditSigningKey();
  const known = new Map<string, KeyObject>(keyring.auditVerificationKeys().map((k) => [keyIdFor(k.publicKey), k.publicKey]));
  return {
    keyId: keyIdFor(active.publicKey),
    sign: (message) => sign(null, message, active.privateKey),
    publicKeyFor: (id) => known.get(id) ?? null,
  };
}
