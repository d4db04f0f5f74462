import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { issueSetupTokenIfNeeded } from '../../src/platform/setup/first-start.js';
import { operatorAdminExists, readDisplayName } from '../../src/platform/auth/users.js';
import { findUserIdByEmail } from '../../src/platform/auth/user-email.js';
import { createAppCiphers } from '../../src/platform/crypto/app-ciphers.js';
import { openKeyring } from '../../src/platform/crypto/open-keyring.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'confidant-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// The embedded database in a fresh data directory, whatever the surrounding test run uses.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'MIGRATION_DATABASE_URL', 'REDIS_URL'].includes(k)));
const cli = (args: string[], input: string) =>
  spawnSync('node', ['bin/confidant.js', 'setup-admin', ...args], {
    input,
    env: { ...env, CONFIDANT_DATA_DIR: dataDir, NODE_ENV: 'development' },
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('confidant setup-admin', () => {
  it('creates the first operator admin with the setup token once; then the token is refused', async () => {
    const db = await openPglite(path.join(dataDir, 'pgdata'));
    await migrate(db);
    const issued = await issueSetupTokenIfNeeded(db, () => operatorAdminExists(db));
    await db.close();
    expect(issued).not.toBeNull();
    const token = issued?.token ?? '';

    const weak = cli(['--token', token, '--email', 'synthetic.cli.admin@example.test', '--name', 'Test Admin', '--password-stdin'], 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('at least 12 characters');

    const ok = cli(['--token', token, '--email', 'synthetic.cli.admin@example.test', '--name', 'Test Admin', '--password-stdin'], 'Velvet-Harbor-Quartz-91\n');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Operator admin created');

    const again = cli(['--token', token, '--email', 'synthetic.cli.other@example.test', '--name', 'Test Admin', '--password-stdin'], 'Velvet-Harbor-Quartz-91\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('setup token');

    const check = await openPglite(path.join(dataDir, 'pgdata'));
    try {
      expect(await operatorAdminExists(check)).toBe(true);
      // With an admin in place, start-up issues no new token.
      expect(await issueSetupTokenIfNeeded(check, () => operatorAdminExists(check))).toBeNull();
      const [row] = await check.rows<{ n: number }>(sql`select count(*)::int as n from users where is_operator_admin`);
      expect(row?.n).toBe(1);
      // Sealed with the keyring the CLI opened in the data directory (the one the server opens too).
      const { keyring } = await openKeyring({ dataDir, masterKey: null, keyring: { provider: 'file' } });
      const cipher = createAppCiphers(check, keyring).installation;
      const adminId = await findUserIdByEmail(check, cipher, 'Synthetic.CLI.Admin@example.test');
      expect(adminId).not.toBeNull();
      expect(await readDisplayName(check, cipher, adminId!)).toBe('Test Admin');
      const [stored] = await check.rows<{ email: string }>(sql`select email from users where id = ${adminId}`);
      expect(stored?.email).toMatch(/^cf1\./);
    } finally {
      await check.close();
    }
  }, 180_000);
});
