import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { checkKeyring } from './keyring-check.js';
import { openKeyring } from './open-keyring.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-keyring-check-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MASTER = 'synthetic-master-key-for-tests-0123456789abcdef';

describe('keyring doctor check', () => {
  it('fails when missing, passes when present, says whether it is sealed', async () => {
    const plain = loadConfig({ CONFIDANT_DATA_DIR: dir });
    expect((await checkKeyring(plain)).ok).toBe(false);
    await openKeyring(plain);
    expect(await checkKeyring(plain)).toMatchObject({ ok: true, detail: expect.stringContaining('not sealed') });
  });

  it('fails for a readable-by-others file and for a wrong master key', async () => {
    const sealed = loadConfig({ CONFIDANT_DATA_DIR: dir, CONFIDANT_MASTER_KEY: MASTER });
    await openKeyring(sealed);
    expect(await checkKeyring(sealed)).toMatchObject({ ok: true, detail: expect.stringContaining('sealed with CONFIDANT_MASTER_KEY') });
    expect(await checkKeyring(loadConfig({ CONFIDANT_DATA_DIR: dir, CONFIDANT_MASTER_KEY: MASTER.replace('0', '9') }))).toMatchObject({ ok: false, detail: expect.stringContaining('wrong CONFIDANT_MASTER_KEY') });
    chmodSync(path.join(dir, 'keyring.json'), 0o640);
    expect(await checkKeyring(sealed)).toMatchObject({ ok: false, detail: expect.stringContaining('expected 0600') });
  });
});
