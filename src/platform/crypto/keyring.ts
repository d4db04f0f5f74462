import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { KeyUnavailableError, KeyringError } from './errors.js';
import type { KekVersion, KeyringDocument } from './keyring-document.js';
import { newKekVersion, newKeyringDocument, newSigningVersion } from './keyring-document.js';
import type { KeyringStore } from './keyring-store.js';

export interface Kek {
  version: number;
  key: Buffer;
}

export interface AuditSigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface AuditVerificationKey {
  keyId: string;
  publicKey: KeyObject;
  status: 'active' | 'retired';
}

function active(versions: KekVersion[]): KekVersion | undefined {
  return versions.find((v) => v.status === 'active');
}

/** `ed25519-v<version>-<first 16 hex of SHA-256 of the public key>`: stable and checkable by a verifier. */
function signingKeyId(version: number, spkiBase64: string): string {
  return `ed25519-v${version}-${createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex').slice(0, 16)}`;
}

/**
 * Key-encryption keys (installation and per practice, versioned) and the audit signing keys.
 * Every change is a locked read-modify-write of the store, so the server and the CLI can both change it.
 */
export class Keyring {
  private constructor(
    private readonly store: KeyringStore,
    private doc: KeyringDocument,
    private readonly now: () => Date,
  ) {}

  /** Loads the keyring, creating it (installation KEK and audit signing key) on first start. */
  static async open(store: KeyringStore, opts: { create?: boolean; now?: () => Date } = {}): Promise<{ keyring: Keyring; created: boolean }> {
    const now = opts.now ?? ((): Date => new Date());
    const existing = await store.load();
    if (existing) return { keyring: new Keyring(store, existing, now), created: false };
    if (opts.create === false) throw new KeyringError(`no keyring found (${store.name} provider); start Confidant once to create it`);
    const doc = await store.withLock(async () => {
      const again = await store.load();
      if (again) return { doc: again, created: false };
      const fresh = newKeyringDocument(now());
      await store.save(fresh);
      return { doc: fresh, created: true };
    });
    return { keyring: new Keyring(store, doc.doc, now), created: doc.created };
  }

  get providerName(): string {
    return this.store.name;
  }

  /** Re-reads the store if another process changed it (a CLI rotation or destruction). */
  async refresh(): Promise<void> {
    if (!this.store.changed()) return;
    const doc = await this.store.load();
    if (doc) this.doc = doc;
  }

  private async mutate<T>(change: (doc: KeyringDocument) => T): Promise<T> {
    return this.store.withLock(async () => {
      const doc = (await this.store.load()) ?? this.doc;
      const result = change(doc);
      await this.store.save(doc);
      this.doc = doc;
      return result;
    });
  }

  installationKek(version?: number): Kek {
    const versions = this.doc.installation.kek;
    const v = version === undefined ? active(versions) : versions.find((k) => k.version === version);
    if (!v) throw new KeyUnavailableError(`installation KEK version ${version ?? 'active'} is not in the keyring`, 'missing');
    return { version: v.version, key: Buffer.from(v.key, 'base64') };
  }

  hasPractice(practiceId: string): boolean {
    const p = this.doc.practices[practiceId];
    return !!p && p.destroyedAt === null && p.kek.length > 0;
  }

  isDestroyed(practiceId: string): boolean {
    return !!this.doc.practices[practiceId]?.destroyedAt;
  }

  practiceIds(): string[] {
    return Object.keys(this.doc.practices).filter((id) => this.hasPractice(id));
  }

  /** The practice KEK of a version, or the active one. */
  practiceKek(practiceId: string, version?: number): Kek {
    const p = this.doc.practices[practiceId];
    if (p?.destroyedAt) throw new KeyUnavailableError(`the keys of practice ${practiceId} were destroyed`, 'destroyed');
    const v = p && (version === undefined ? active(p.kek) : p.kek.find((k) => k.version === version));
    if (!v) throw new KeyUnavailableError(`practice ${practiceId} has no KEK version ${version ?? 'active'} in the keyring`, 'missing');
    return { version: v.version, key: Buffer.from(v.key, 'base64') };
  }

  /** Creates the first KEK of a practice; returns the existing active one if there is one. */
  async ensurePracticeKek(practiceId: string): Promise<Kek> {
    if (this.hasPractice(practiceId)) return this.practiceKek(practiceId);
    await this.mutate((doc) => {
      const p = doc.practices[practiceId];
      if (p?.destroyedAt) throw new KeyUnavailableError(`the keys of practice ${practiceId} were destroyed; a destroyed practice cannot get new keys`, 'destroyed');
      if (p && active(p.kek)) return;
      doc.practices[practiceId] = { kek: [newKekVersion(1, this.now())], destroyedAt: null };
    });
    return this.practiceKek(practiceId);
  }

  /** A new active KEK version; older versions stay (retired) to unwrap keys in older backups. */
  async rotatePracticeKek(practiceId: string): Promise<Kek> {
    await this.mutate((doc) => {
      const p = doc.practices[practiceId];
      if (!p || p.destroyedAt) throw new KeyUnavailableError(`practice ${practiceId} has no keys to rotate`, p?.destroyedAt ? 'destroyed' : 'missing');
      for (const k of p.kek) k.status = 'retired';
      p.kek.push(newKekVersion(Math.max(0, ...p.kek.map((k) => k.version)) + 1, this.now()));
    });
    return this.practiceKek(practiceId);
  }

  async rotateInstallationKek(): Promise<Kek> {
    await this.mutate((doc) => {
      const versions = doc.installation.kek;
      for (const k of versions) k.status = 'retired';
      versions.push(newKekVersion(Math.max(...versions.map((k) => k.version)) + 1, this.now()));
    });
    return this.installationKek();
  }

  /**
   * Crypto-shredding: every KEK version of the practice is removed; a tombstone records when, so the
   * practice can never be given new keys by mistake. Every DEK wrapped by these KEKs, in the live
   * database and in every copy of it, can no longer be unwrapped.
   */
  async destroyPracticeKeks(practiceId: string): Promise<void> {
    await this.mutate((doc) => {
      doc.practices[practiceId] = { kek: [], destroyedAt: this.now().toISOString() };
    });
  }

  /** The active Ed25519 key that signs audit checkpoints. */
  getAuditSigningKey(): AuditSigningKey {
    const v = this.doc.installation.auditSigning.find((s) => s.status === 'active');
    if (!v) throw new KeyringError('the keyring has no active audit signing key');
    return {
      keyId: signingKeyId(v.version, v.publicKey),
      privateKey: createPrivateKey({ key: Buffer.from(v.privateKey, 'base64'), format: 'der', type: 'pkcs8' }),
      publicKey: createPublicKey({ key: Buffer.from(v.publicKey, 'base64'), format: 'der', type: 'spki' }),
    };
  }

  /** Public keys of every signing key version, to verify checkpoints signed before a rotation. */
  auditVerificationKeys(): AuditVerificationKey[] {
    return this.doc.installation.auditSigning.map((v) => ({
      keyId: signingKeyId(v.version, v.publicKey),
      publicKey: createPublicKey({ key: Buffer.from(v.publicKey, 'base64'), format: 'der', type: 'spki' }),
      status: v.status,
    }));
  }

  async rotateAuditSigningKey(): Promise<AuditSigningKey> {
    await this.mutate((doc) => {
      const versions = doc.installation.auditSigning;
      for (const s of versions) s.status = 'retired';
      versions.push(newSigningVersion(Math.max(...versions.map((s) => s.version)) + 1, this.now()));
    });
    return this.getAuditSigningKey();
  }
}
