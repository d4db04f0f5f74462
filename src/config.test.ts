import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to the embedded database in ./data on loopback', () => {
    const c = loadConfig({});
    expect(c.database.kind).toBe('pglite');
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8080);
    expect(c.corsOrigins).toEqual([]);
    expect(c.tls).toBeNull();
  });

  it('uses Postgres when DATABASE_URL is set, with the migration URL defaulting to it', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://confidant_app@db.example.test/confidant' });
    expect(c.database).toMatchObject({ kind: 'postgres', url: 'postgres://confidant_app@db.example.test/confidant', migrationUrl: 'postgres://confidant_app@db.example.test/confidant' });
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: expected a port number/],
    [{ PORT: '70000' }, /^PORT: expected a port between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: expected a postgres:\/\//],
    [{ MIGRATION_DATABASE_URL: 'http://x' }, /^MIGRATION_DATABASE_URL: expected a postgres:\/\//],
    [{ NODE_ENV: 'staging' }, /^NODE_ENV: expected development, production or test/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: expected one of/],
    [{ CONFIDANT_TLS_TERMINATED_BY_PROXY: 'maybe' }, /^CONFIDANT_TLS_TERMINATED_BY_PROXY: expected true or false/],
    [{ CONFIDANT_CORS_ORIGINS: 'not a url' }, /^CONFIDANT_CORS_ORIGINS: expected a comma-separated list of origins/],
    [{ CONFIDANT_BODY_LIMIT: '10' }, /^CONFIDANT_BODY_LIMIT: expected at least 1024 bytes/],
    [{ DATABASE_POOL_SIZE: '0' }, /^DATABASE_POOL_SIZE: expected at least 1/],
    [{ CONFIDANT_PUBLIC_URL: 'example' }, /^CONFIDANT_PUBLIC_URL: expected an absolute URL/],
    [{ CONFIDANT_MASTER_KEY: 'short' }, /^CONFIDANT_MASTER_KEY: expected at least 32 characters/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL: expected a redis:\/\/ URL/],
    [{ CONFIDANT_SMTP_URL: 'mail.example.test' }, /^CONFIDANT_SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL/],
    [{ CONFIDANT_SMTP_URL: 'smtp://mail.example.test:587', CONFIDANT_PUBLIC_URL: 'https://confidant.example.test' }, /^CONFIDANT_MAIL_FROM: expected the sender address/],
    [{ CONFIDANT_SMTP_URL: 'smtp://mail.example.test:587', CONFIDANT_MAIL_FROM: 'confidant@example.test' }, /^CONFIDANT_PUBLIC_URL: expected when CONFIDANT_SMTP_URL is set/],
    [{ CONFIDANT_TLS_CERT: '/tmp/cert.pem' }, /^CONFIDANT_TLS_CERT and CONFIDANT_TLS_KEY: expected both/],
  ])('names the variable and what it expects: %o', (env, message) => {
    const problems = problemsOf(env as Record<string, string>);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });

  it('refuses production without TLS or a declared TLS proxy', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/production requires TLS/);
    expect(problemsOf({ NODE_ENV: 'production', CONFIDANT_TLS_TERMINATED_BY_PROXY: 'true' })).toEqual([]);
  });

  it('refuses a TLS key readable by group or others, and a missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'confidant-cfg-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    writeFileSync(cert, 'cert');
    writeFileSync(key, 'key');
    chmodSync(key, 0o644);
    expect(problemsOf({ CONFIDANT_TLS_CERT: cert, CONFIDANT_TLS_KEY: key })).toEqual([
      'CONFIDANT_TLS_KEY: the key file is readable by group or others; expected mode 0600 or 0400',
    ]);
    chmodSync(key, 0o600);
    expect(problemsOf({ CONFIDANT_TLS_CERT: cert, CONFIDANT_TLS_KEY: key })).toEqual([]);
    expect(problemsOf({ CONFIDANT_TLS_CERT: path.join(dir, 'nope.pem'), CONFIDANT_TLS_KEY: key })[0]).toMatch(/^CONFIDANT_TLS_CERT: expected a readable file/);
  });

  it('normalises CORS origins to scheme://host:port', () => {
    expect(loadConfig({ CONFIDANT_CORS_ORIGINS: 'https://app.example.test/, https://portal.example.test:8443' }).corsOrigins).toEqual([
      'https://app.example.test',
      'https://portal.example.test:8443',
    ]);
  });
});
