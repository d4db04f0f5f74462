import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { KEY_BYTES } from './aead.js';

/**
 * The keyring, as stored by a provider. It lives outside the database: a copy of the database alone
 * never holds a usable key, and removing a practice's entry here crypto-shreds that practice.
 */
const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const status = z.enum(['active', 'retired']);

const kekVersion = z.object({ version: z.number().int().min(1), key: b64, status, createdAt: z.string() });
const signingVersion = z.object({ version: z.number().int().min(1), privateKey: b64, publicKey: b64, status, createdAt: z.string() });

export const keyringDocumentSchema = z.object({
  format: z.literal('confidant-keyring'),
  version: z.literal(2),
  installation: z.object({ kek: z.array(kekVersion).min(1), auditSigning: z.array(signingVersion).min(1) }),
  practices: z.record(
    z.string(),
    z.object({ kek: z.array(kekVersion), destroyedAt: z.string().nullable() }),
  ),
});

export type KeyringDocument = z.infer<typeof keyringDocumentSchema>;
export type KekVersion = z.infer<typeof kekVersion>;
export type SigningVersion = z.infer<typeof signingVersion>;

export function newKekVersion(version: number, now: Date): KekVersion {
  return { version, key: randomBytes(KEY_BYTES).toString('base64'), status: 'active', createdAt: now.toISOString() };
}

export function newSigningVersion(version: number, now: Date): SigningVersion {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    version,
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    status: 'active',
    createdAt: now.toISOString(),
  };
}

export function newKeyringDocument(now: Date = new Date()): KeyringDocument {
  return {
    format: 'confidant-keyring',
    version: 2,
    installation: { kek: [newKekVersion(1, now)], auditSigning: [newSigningVersion(1, now)] },
    practices: {},
  };
}

/** The first-start placeholder written before the encryption layer existed holds no key: replace it. */
export function isPlaceholder(doc: unknown): boolean {
  const d = doc as { format?: unknown; version?: unknown; keys?: unknown };
  return d?.format === 'confidant-keyring' && d.version === 1 && Array.isArray(d.keys) && d.keys.length === 0;
}
