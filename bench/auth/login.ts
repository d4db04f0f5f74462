// Login latency over real HTTP against a started app on embedded PGlite (argon2id dominates).
// Run: npx tsx bench/auth/login.ts   (prints the figures and the machine)
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { createLogger } from '../../src/platform/logger.js';
import { provisionInstallationKeys } from '../../src/platform/crypto/installation-keys.js';
import { Keyring } from '../../src/platform/crypto/keyring.js';
import { fileKeyringStore } from '../../src/platform/crypto/keyring-store.js';
import { hashPassword, verifyPassword } from '../../src/platform/auth/password-hash.js';
import { hashSetupToken } from '../../src/platform/setup/first-start.js';

const ROUNDS = Number(process.env.ROUNDS ?? 50);
const PASSWORD = 'Velvet-Harbor-Quartz-91';

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number): number => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, min ${(s[0] ?? NaN).toFixed(1)} ms (n=${s.length})`;
}

const db = await openPglite('memory');
await migrate(db);
const config = loadConfig({ NODE_ENV: 'development', CONFIDANT_DATA_DIR: '/tmp/confidant-bench-unused', LOG_LEVEL: 'silent' });
const { keyring } = await Keyring.open(fileKeyringStore(path.join(mkdtempSync(path.join(tmpdir(), 'confidant-bench-')), 'keyring.json'), null));
await provisionInstallationKeys(db, keyring);
const app = await buildApp({ config, db, logger: createLogger('silent'), authRateLimitPerMinute: 1_000_000, keyring });
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const token = `bench-${randomUUID()}`;
await db.rows(sql`insert into installation_setup_tokens (token_hash, expires_at) values (${hashSetupToken(token)}, now() + interval '1 hour')`);
const email = `synthetic.bench.${randomUUID().slice(0, 8)}@example.test`;
const post = (path: string, body: unknown): Promise<Response> =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1' }, body: JSON.stringify(body) });
const setup = await post('/api/setup/admin', { setupToken: token, email, displayName: 'Bench Admin', password: PASSWORD });
if (setup.status !== 201) throw new Error(`setup failed: ${setup.status}`);

// Password-only login (the MFA check adds one small query); warm up first.
for (let i = 0; i < 3; i++) await post('/api/auth/login', { email, password: PASSWORD });
const ok: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  const res = await post('/api/auth/login', { email, password: PASSWORD });
  ok.push(performance.now() - t);
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
}
const unknown: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  await post('/api/auth/login', { email: `synthetic.nobody.${i}@example.test`, password: PASSWORD });
  unknown.push(performance.now() - t);
}
const phc = await hashPassword(PASSWORD);
const verify: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  await verifyPassword(phc, PASSWORD);
  verify.push(performance.now() - t);
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, node ${process.version}, database: PGlite (in-memory)`);
console.log(`argon2id verify alone (m=19456 KiB, t=2, p=1): ${stats(verify)}`);
console.log(`POST /api/auth/login, success:                 ${stats(ok)}`);
console.log(`POST /api/auth/login, unknown email:           ${stats(unknown)}`);
await app.close();
await db.close();
