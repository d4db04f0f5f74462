import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** A configuration problem found at start-up; the message names the variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { error: 'expected a postgres:// or postgresql:// URL' });

const port = z.coerce
  .number({ error: 'expected a port number' })
  .int({ error: 'expected a whole number' })
  .min(0, { error: 'expected a port between 0 and 65535' })
  .max(65535, { error: 'expected a port between 0 and 65535' });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'expected development, production or test' }).default('development'),
  HOST: z.string().min(1, { error: 'expected a host name or address' }).default('127.0.0.1'),
  PORT: port.default(8080),
  CONFIDANT_DATA_DIR: z.string().min(1, { error: 'expected a directory path' }).default('./data'),
  DATABASE_URL: postgresUrl.optional(),
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'expected a number' }).int().min(1, { error: 'expected at least 1' }).max(200, { error: 'expected at most 200' }).default(10),
  CONFIDANT_TLS_CERT: z.string().min(1).optional(),
  CONFIDANT_TLS_KEY: z.string().min(1).optional(),
  CONFIDANT_TLS_TERMINATED_BY_PROXY: bool.default(false),
  CONFIDANT_TRUST_PROXY: z.string().optional(),
  CONFIDANT_PUBLIC_URL: z.url({ error: 'expected an absolute URL such as https://confidant.example.org' }).optional(),
  CONFIDANT_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.url({ error: 'expected a comma-separated list of origins such as https://app.example.org' }))),
  CONFIDANT_BODY_LIMIT: z.coerce.number({ error: 'expected a size in bytes' }).int().min(1024, { error: 'expected at least 1024 bytes' }).max(100 * 1024 * 1024, { error: 'expected at most 104857600 bytes' }).default(1024 * 1024),
  CONFIDANT_MASTER_KEY: z.string().min(32, { error: 'expected at least 32 characters of key material' }).optional(),
  CONFIDANT_KEYRING_PROVIDER: z.enum(['file', 'env'], { error: 'expected file or env' }).default('file'),
  CONFIDANT_KEYRING: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, { error: 'expected the keyring document, base64-encoded' }).optional(),
  CONFIDANT_SMTP_URL: z.string().refine((v) => /^smtps?:\/\/[^/]+/.test(v), { error: 'expected an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587' }).optional(),
  CONFIDANT_MAIL_FROM: z.email({ error: 'expected the sender address, such as confidant@example.org' }).optional(),
  REDIS_URL: z.string().refine((v) => /^rediss?:\/\//.test(v), { error: 'expected a redis:// URL' }).optional(),
  CONFIDANT_AUDIT_SEAL_INTERVAL_MS: z.coerce.number({ error: 'expected milliseconds' }).int().min(100, { error: 'expected at least 100 ms' }).max(600_000, { error: 'expected at most 600000 ms' }).default(5000),
  CONFIDANT_PASSWORD_PROFILE: z.enum(['default', 'nist'], { error: 'expected default or nist' }).default('default'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'expected one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
});

type Env = z.output<typeof envSchema>;

export interface TlsFiles {
  cert: string;
  key: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  dataDir: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; migrationUrl: string; poolSize: number };
  tls: TlsFiles | null;
  tlsTerminatedByProxy: boolean;
  trustProxy: string | boolean;
  publicUrl: string | null;
  corsOrigins: string[];
  bodyLimit: number;
  masterKey: string | null;
  /** Where the key-encryption keys live: the data directory's keyring.json, or CONFIDANT_KEYRING. */
  keyring: { provider: 'file' } | { provider: 'env'; document: string };
  redisUrl: string | null;
  /** Outgoing mail (password resets, invitations); null when not configured. */
  smtp: { url: string; from: string } | null;
  /** Password composition profile: `default` (3 of 4 classes) or `nist` (SP 800-63B-4, none). */
  passwordProfile: 'default' | 'nist';
  logLevel: Env['LOG_LEVEL'];
  auditSealIntervalMs: number;
}

/**
 * Parses the environment. Every problem is collected so an operator fixes them in one pass.
 * File checks (TLS key permissions) happen here too because a world-readable key must stop start-up.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'environment');
        return `${name}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];

  let tls: TlsFiles | null = null;
  if (e.CONFIDANT_TLS_CERT || e.CONFIDANT_TLS_KEY) {
    if (!e.CONFIDANT_TLS_CERT || !e.CONFIDANT_TLS_KEY) {
      problems.push('CONFIDANT_TLS_CERT and CONFIDANT_TLS_KEY: expected both to be set, or neither');
    } else {
      tls = { cert: e.CONFIDANT_TLS_CERT, key: e.CONFIDANT_TLS_KEY };
      problems.push(...checkTlsFiles(tls));
    }
  }

  if (e.NODE_ENV === 'production') {
    if (!tls && !e.CONFIDANT_TLS_TERMINATED_BY_PROXY) {
      problems.push('CONFIDANT_TLS_CERT/CONFIDANT_TLS_KEY: production requires TLS, or CONFIDANT_TLS_TERMINATED_BY_PROXY=true behind a TLS proxy');
    }
    if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
      problems.push('DATABASE_URL: expected when MIGRATION_DATABASE_URL is set');
    }
  }

  if (e.CONFIDANT_KEYRING_PROVIDER === 'env' && !e.CONFIDANT_KEYRING) {
    problems.push('CONFIDANT_KEYRING: expected the keyring document when CONFIDANT_KEYRING_PROVIDER=env');
  }

  if (e.CONFIDANT_SMTP_URL && !e.CONFIDANT_MAIL_FROM) problems.push('CONFIDANT_MAIL_FROM: expected the sender address when CONFIDANT_SMTP_URL is set');
  // Reset and invitation mails link to the public address; without it there is nothing to link to.
  if (e.CONFIDANT_SMTP_URL && !e.CONFIDANT_PUBLIC_URL) problems.push('CONFIDANT_PUBLIC_URL: expected when CONFIDANT_SMTP_URL is set (mailed links point there)');

  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(e.CONFIDANT_DATA_DIR);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, migrationUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pgdata') },
    tls,
    tlsTerminatedByProxy: e.CONFIDANT_TLS_TERMINATED_BY_PROXY,
    trustProxy: parseTrustProxy(e.CONFIDANT_TRUST_PROXY, e.CONFIDANT_TLS_TERMINATED_BY_PROXY),
    publicUrl: e.CONFIDANT_PUBLIC_URL ?? null,
    corsOrigins: e.CONFIDANT_CORS_ORIGINS.map((o) => new URL(o).origin),
    bodyLimit: e.CONFIDANT_BODY_LIMIT,
    masterKey: e.CONFIDANT_MASTER_KEY ?? null,
    keyring: e.CONFIDANT_KEYRING_PROVIDER === 'env' ? { provider: 'env', document: e.CONFIDANT_KEYRING ?? '' } : { provider: 'file' },
    redisUrl: e.REDIS_URL ?? null,
    smtp: e.CONFIDANT_SMTP_URL ? { url: e.CONFIDANT_SMTP_URL, from: e.CONFIDANT_MAIL_FROM ?? 'confidant@localhost' } : null,
    passwordProfile: e.CONFIDANT_PASSWORD_PROFILE,
    logLevel: e.LOG_LEVEL,
    auditSealIntervalMs: e.CONFIDANT_AUDIT_SEAL_INTERVAL_MS,
  };
}

function parseTrustProxy(value: string | undefined, behindProxy: boolean): string | boolean {
  if (value === undefined || value === '') return behindProxy ? 'loopback' : false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

/** A TLS key readable by group or others is refused: anyone on the host could impersonate the server. */
export function checkTlsFiles(tls: TlsFiles): string[] {
  const problems: string[] = [];
  for (const [name, file] of [['CONFIDANT_TLS_CERT', tls.cert], ['CONFIDANT_TLS_KEY', tls.key]] as const) {
    try {
      readFileSync(file);
    } catch {
      problems.push(`${name}: expected a readable file, could not read ${path.basename(file)}`);
      continue;
    }
    if (name === 'CONFIDANT_TLS_KEY' && (statSync(file).mode & 0o077) !== 0) {
      problems.push('CONFIDANT_TLS_KEY: the key file is readable by group or others; expected mode 0600 or 0400');
    }
  }
  return problems;
}
