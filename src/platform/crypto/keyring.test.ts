import { randomUUID, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyUnavailableError, KeyringError } from './errors.js';
import { Keyring } from './keyring.js';
import { envDocumentFromFile, envKeyringStore, fileKeyringStore } from './keyring-store.js';

let dir: string;
let file: string;
const MASTER = 'synthetic-master-key-for-tests-0123456789abcdef';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-keyring-'));
  file = path.join(dir, 'keyring.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file keyring', () => {
  it('is created on first open with mode 0600, an installation KEK and an audit signing key', async () => {
    const { keyring, created } = await Keyring.open(fileKeyringStore(file, null));
    expect(created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keyring.installationKek().key).toHaveLength(32);
    const again = await Keyring.open(fileKeyringStore(file, null));
    expect(again.created).toBe(false);
    expect(again.keyring.installationKek().key.equals(keyring.installationKek().key)).toBe(true);
  });

  it('replaces the first-start placeholder', async () => {
    writeFileSync(file, JSON.stringify({ format: 'confidant-keyring', version: 1, keys: [] }), { mode: 0o600 });
    const { created } = await Keyring.open(fileKeyringStore(file, null));
    expect(created).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(2);
  });

  it('refuses a keyring file readable by others', async () => {
    await Keyring.open(fileKeyringStore(file, null));
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o644);
    await expect(Keyring.open(fileKeyringStore(file, null))).rejects.toThrow(KeyringError);
  });

  it('with a master key, the file holds no key material in the clear and opens only with that key', async () => {
    const { keyring } = await Keyring.open(fileKeyringStore(file, MASTER));
    const practiceId = randomUUID();
    const kek = await keyring.ensurePracticeKek(practiceId);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('confidant-keyring-sealed');
    expect(text).not.toContain(practiceId);
    expect(text).not.toContain(kek.key.toString('base64'));
    expect(text).not.toContain(keyring.installationKek().key.toString('base64'));
    await expect(Keyring.open(fileKeyringStore(file, null))).rejects.toThrow(/sealed/);
    await expect(Keyring.open(fileKeyringStore(file, MASTER.replace('0', '1')))).rejects.toThrow(/wrong CONFIDANT_MASTER_KEY/);
    const reopened = (await Keyring.open(fileKeyringStore(file, MASTER))).keyring;
    expect(reopened.practiceKek(practiceId).key.equals(kek.key)).toBe(true);
  });

  it('practice KEKs: created once, rotated with old versions kept, destroyed for good', async () => {
    const { keyring } = await Keyring.open(fileKeyringStore(file, null));
    const id = randomUUID();
    const v1 = await keyring.ensurePracticeKek(id);
    expect((await keyring.ensurePracticeKek(id)).key.equals(v1.key)).toBe(true);
    const v2 = await keyring.rotatePracticeKek(id);
    expect(v2.version).toBe(2);
    expect(keyring.practiceKek(id).version).toBe(2);
    expect(keyring.practiceKek(id, 1).key.equals(v1.key)).toBe(true);
    await keyring.destroyPracticeKeks(id);
    expect(() => keyring.practiceKek(id, 1)).toThrow(KeyUnavailableError);
    expect(readFileSync(file, 'utf8')).not.toContain(v1.key.toString('base64'));
    await expect(keyring.ensurePracticeKek(id)).rejects.toThrow(/destroyed/);
  });

  it('a second process sees changes after refresh, and concurrent changes are not lost', async () => {
    const a = (await Keyring.open(fileKeyringStore(file, null))).keyring;
    const b = (await Keyring.open(fileKeyringStore(file, null))).keyring;
    const ids = Array.from({ length: 6 }, () => randomUUID());
    await Promise.all(ids.map((id, i) => (i % 2 ? a : b).ensurePracticeKek(id)));
    await a.refresh();
    await b.refresh();
    for (const id of ids) {
      expect(a.practiceKek(id).key.equals(b.practiceKek(id).key)).toBe(true);
    }
  });

  it('audit signing key signs, older public keys stay available after rotation', async () => {
    const { keyring } = await Keyring.open(fileKeyringStore(file, null));
    const first = keyring.getAuditSigningKey();
    const message = Buffer.from('checkpoint 1');
    const signature = sign(null, message, first.privateKey);
    const second = await keyring.rotateAuditSigningKey();
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.keyId).toMatch(/^ed25519-v2-[0-9a-f]{16}$/);
    const old = keyring.auditVerificationKeys().find((k) => k.keyId === first.keyId);
    expect(old?.status).toBe('retired');
    expect(verify(null, message, old!.publicKey, signature)).toBe(true);
    expect(verify(null, message, second.publicKey, signature)).toBe(false);
  });
});

describe('env keyring', () => {
  it('reads the document from the environment (sealed too) and refuses changes', async () => {
    const { keyring: fileRing } = await Keyring.open(fileKeyringStore(file, MASTER));
    const id = randomUUID();
    await fileRing.ensurePracticeKek(id);
    const { keyring } = await Keyring.open(envKeyringStore(envDocumentFromFile(file), MASTER));
    expect(keyring.practiceKek(id).key.equals(fileRing.practiceKek(id).key)).toBe(true);
    await expect(keyring.ensurePracticeKek(randomUUID())).rejects.toThrow(/read-only/);
  });

  it('an empty or invalid document is a clear error', async () => {
    await expect(Keyring.open(envKeyringStore(Buffer.from('{}').toString('base64'), null))).rejects.toThrow(KeyringError);
  });
});
