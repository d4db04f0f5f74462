import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/main.js';
import { runDoctorChecks } from '../src/platform/doctor/checks.js';
import { hashSetupToken } from '../src/platform/setup/first-start.js';

const silent = pino({ level: 'silent' });
const freshDir = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'confidant-start-')), 'data');
const ROOT = path.resolve(import.meta.dirname, '..');

describe('first start and restart on the embedded database', () => {
  it('creates the data directory, keyring and setup token, serves /health, and keeps data across a restart', { timeout: 120_000 }, async () => {
    const dataDir = freshDir();
    const config = loadConfig({ CONFIDANT_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    const first = await startServer(config, { logger: silent });
    let token: string;
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dataDir, 'keyring.json')).mode & 0o777).toBe(0o600);
      expect(first.setupToken?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      token = first.setupToken!.token;
      const hours = (first.setupToken!.expiresAt.getTime() - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(23.9);
      expect(hours).toBeLessThanOrEqual(24);
      const res = await fetch(`${first.url}/health`);
      expect(await res.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${first.url}/ready`)).status).toBe(200);
      // Only the hash is stored.
      const stored = await first.db.rows<{ token_hash: string }>(sql`select token_hash from installation_setup_tokens`);
      expect(stored.map((r) => r.token_hash)).toEqual([hashSetupToken(token)]);
      await first.db.rows(sql`insert into practices (name) values ('Restart Test Practice')`);
      const checks = await runDoctorChecks(config, first.db);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    } finally {
      await first.close();
    }
    const raw = readFileSync(path.join(dataDir, 'keyring.json'), 'utf8');
    expect(raw).not.toContain(token);

    const second = await startServer(config, { logger: silent });
    try {
      const rows = await second.db.rows<{ name: string }>(sql`select name from practices`);
      expect(rows.map((r) => r.name)).toEqual(['Restart Test Practice']);
      // A new token replaces the old one, which can no longer be used.
      expect(second.setupToken?.token).not.toBe(token);
      const live = await second.db.rows<{ token_hash: string }>(sql`select token_hash from installation_setup_tokens where revoked_at is null`);
      expect(live.map((r) => r.token_hash)).toEqual([hashSetupToken(second.setupToken!.token)]);
    } finally {
      await second.close();
    }
  });
});

describe('the confidant command', () => {
  it('stops with exit code 1 and a message naming the bad variable, without a stack trace', () => {
    const r = spawnSync(process.execPath, ['bin/confidant.js', 'start'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, PORT: 'eighty', CONFIDANT_DATA_DIR: freshDir() },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PORT: expected a port number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('doctor passes on a default install and fails when the keyring file is readable by others', { timeout: 120_000 }, async () => {
    const dataDir = freshDir();
    const env = { PATH: process.env.PATH, CONFIDANT_DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
    const server = await startServer(loadConfig({ ...env, PORT: '0' }), { logger: silent });
    await server.close();
    const ok = spawnSync(process.execPath, ['bin/confidant.js', 'doctor'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(ok.stdout).toMatch(/All \d+ checks passed/);
    expect(ok.status).toBe(0);
    execFileSync('chmod', ['0644', path.join(dataDir, 'keyring.json')]);
    const bad = spawnSync(process.execPath, ['bin/confidant.js', 'doctor'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(bad.stdout).toMatch(/FAIL\s+Keyring\s+keyring.json has mode 0644/);
    expect(bad.status).toBe(1);
  });
});

describe('TLS', () => {
  it('serves TLS 1.2+ only, with HSTS, when a certificate is configured', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'confidant-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    execFileSync('chmod', ['0600', key]);
    const config = loadConfig({ CONFIDANT_DATA_DIR: path.join(dir, 'data'), PORT: '0', CONFIDANT_TLS_CERT: cert, CONFIDANT_TLS_KEY: key, LOG_LEVEL: 'silent' });
    const server = await startServer(config, { logger: silent });
    try {
      expect(server.url).toMatch(/^https:/);
      const port = Number(new URL(server.url).port);
      const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port, path: '/health', ca: readFileSync(cert), servername: 'localhost' }, (res) => {
          res.resume();
          resolve(res.headers);
        }).on('error', reject);
      });
      expect(String(headers['strict-transport-security'])).toMatch(/max-age=\d+/);
      const legacy = await new Promise<string>((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port, maxVersion: 'TLSv1.1', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0', rejectUnauthorized: false }, () => {
          s.end();
          resolve('connected');
        });
        s.on('error', () => resolve('refused'));
      });
      expect(legacy).toBe('refused');
      const weak = await new Promise<string>((resolve) => {
        const s = tls.connect({ host: '127.0.0.1', port, maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA:DES-CBC3-SHA', rejectUnauthorized: false }, () => {
          s.end();
          resolve('connected');
        });
        s.on('error', () => resolve('refused'));
      });
      expect(weak).toBe('refused');
    } finally {
      await server.close();
    }
    expect(existsSync(path.join(dir, 'data', 'keyring.json'))).toBe(true);
  });
});
