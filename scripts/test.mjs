#!/usr/bin/env node
// Runs the whole suite on embedded PGlite, then the database suites (*.db.test.ts) again on the
// PostgreSQL server at 127.0.0.1:5432 in a fresh database, then the browser suite (web app in
// Debian's Chromium, test/browser/*.browser.test.ts), and prints one closing line of counts.
// --pglite-only, --postgres-only and --browser-only run one pass.
import { spawnSync, execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const args = process.argv.slice(2);
const only = args.includes('--pglite-only') ? 'pglite' : args.includes('--postgres-only') ? 'postgres' : args.includes('--browser-only') ? 'browser' : null;
const passThrough = args.filter((a) => !['--pglite-only', '--postgres-only', '--browser-only'].includes(a));
const chromium = process.env.CONFIDANT_CHROMIUM ?? '/usr/bin/chromium';
const adminUrl = process.env.CONFIDANT_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const outDir = mkdtempSync(path.join(tmpdir(), 'confidant-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function vitest(label, env, extra = []) {
  const out = path.join(outDir, `${label}.json`);
  console.log(`\n=== ${label} ===`);
  const r = spawnSync('npx', ['vitest', 'run', ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...passThrough], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.numTotalTests === 0) exitCode = 1;
  } catch {
    totals.failed += 1;
  }
  if (r.status !== 0) exitCode = 1;
}

async function canConnect(url) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

async function ensurePostgres() {
  if (await canConnect(adminUrl)) return;
  console.log('PostgreSQL is not answering; starting the local cluster');
  try {
    const version = execSync('ls /etc/postgresql').toString().trim().split('\n')[0];
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'inherit' });
  } catch {
    // fall through to the wait below, which reports the failure
  }
  for (let i = 0; i < 30; i++) {
    if (await canConnect(adminUrl)) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`PostgreSQL did not answer at ${new URL(adminUrl).host}`);
}

async function onPostgres() {
  await ensurePostgres();
  const dbName = `confidant_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // The application logs in as confidant_app: a role that is neither superuser nor table owner.
  await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'confidant_app') THEN CREATE ROLE confidant_app LOGIN;
      ELSE ALTER ROLE confidant_app LOGIN; END IF;
    END $$`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  const base = new URL(adminUrl);
  const migrationUrl = new URL(base);
  migrationUrl.pathname = `/${dbName}`;
  const appUrl = new URL(migrationUrl);
  appUrl.username = 'confidant_app';
  appUrl.password = '';
  try {
    vitest('postgres', {
      CONFIDANT_TEST_DB: 'postgres',
      CONFIDANT_TEST_DATABASE_URL: appUrl.toString(),
      CONFIDANT_TEST_MIGRATION_URL: migrationUrl.toString(),
    });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

function browserPass() {
  if (!existsSync(chromium)) {
    console.log(`\n=== browser ===\nSkipped: ${chromium} is not installed (apt-get install chromium); the web app was not tested in a browser.`);
    return;
  }
  vitest('browser', { CONFIDANT_TEST_DB: 'pglite' }, ['-c', 'vitest.browser.config.ts']);
}

if (only === null || only === 'pglite') vitest('pglite', { CONFIDANT_TEST_DB: 'pglite' });
if (only === null || only === 'postgres') {
  try {
    await onPostgres();
  } catch (err) {
    console.error(`Postgres run failed: ${err.message}`);
    totals.failed += 1;
    exitCode = 1;
  }
}
// The browser pass runs with the whole suite, or alone; a file filter for the other passes skips it.
if (only === 'browser' || (only === null && passThrough.length === 0)) browserPass();
rmSync(outDir, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(exitCode);
