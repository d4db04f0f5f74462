import { sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Keyring } from '../crypto/keyring.js';
import type { CheckpointSigner } from './signer.js';

/**
 * Checkpoints are signed with the installation's Ed25519 key from the keyring; retired versions stay
 * available to verify checkpoints signed before a rotation.
 */
export function signerFromKeyring(keyring: Keyring): CheckpointSigner {
  const active = keyring.getAuditSigningKey();
  const known = new Map<string, KeyObject>(keyring.auditVerificationKeys().map((k) => [k.keyId, k.publicKey]));
  return {
    keyId: active.keyId,
    sign: (message) => sign(null, message, active.privateKey),
    publicKeyFor: (id) => known.get(id) ?? null,
  };
}
