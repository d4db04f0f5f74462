import { existsSync, statSync } from 'node:fs';
import type { Config } from '../../config.js';
import { checkTlsFiles } from '../../config.js';
import type { Database } from '../db/database.js';
import { inspectAppRole, inspectTenantTables, roleProblems } from '../db/inspect.js';
import { migrationStatus } from '../db/migrate.js';
import { checkKeyring } from '../crypto/keyring-check.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export function checkTls(config: Config): CheckResult {
  const name = 'TLS';
  if (config.tls) {
    const problems = checkTlsFiles(config.tls);
    return { name, ok: problems.length === 0, detail: problems.length ? problems.join('; ') : 'served over TLS 1.2+ with AEAD ciphers' };
  }
  if (config.tlsTerminatedByProxy) return { name, ok: true, detail: 'TLS terminated by a declared proxy' };
  if (config.env === 'production') return { name, ok: false, detail: 'production without TLS' };
  if (LOOPBACK.has(config.host)) return { name, ok: true, detail: `plain HTTP on loopback (${config.host}) for ${config.env}; set CONFIDANT_TLS_CERT/KEY before exposing it` };
  return { name, ok: false, detail: `plain HTTP on ${config.host}, reachable beyond this machine` };
}

export function checkFileMode(name: string, file: string, maxMode: number): CheckResult {
  if (!existsSync(file)) return { name, ok: false, detail: 'missing (start Confidant once to create it)' };
  const mode = statSync(file).mode & 0o777;
  const ok = (mode & ~maxMode) === 0;
  return { name, ok, detail: `mode ${mode.toString(8).padStart(4, '0')}${ok ? '' : `, expected at most ${maxMode.toString(8).padStart(4, '0')}`}` };
}

export async function databaseChecks(db: Database): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  try {
    const status = await migrationStatus(db);
    results.push({
      name: 'Migrations',
      ok: status.current,
      detail: status.current ? `schema at version ${status.appliedVersion}` : `schema at version ${status.appliedVersion}, expected ${status.expectedVersion} (run confidant migrate)`,
    });
  } catch {
    results.push({ name: 'Migrations', ok: false, detail: 'database not reachable or not migrated' });
    return results;
  }
  const role = await inspectAppRole(db);
  const rp = roleProblems(role);
  results.push({ name: 'Application role', ok: rp.length === 0, detail: rp.length ? rp.join('; ') : `${role.currentUser}: not superuser, owns no tables, may switch to the tenant role` });
  const tables = await inspectTenantTables(db);
  const bad = tables.filter((t) => t.problems.length > 0);
  results.push({
    name: 'Tenant isolation',
    ok: bad.length === 0 && tables.length > 0,
    detail: bad.length ? bad.map((t) => `${t.table}: ${t.problems.join(', ')}`).join('; ') : `${tables.length} tenant tables with RLS enabled and forced and a policy per command`,
  });
  return results;
}

export async function runDoctorChecks(config: Config, db: Database | null): Promise<CheckResult[]> {
  const results: CheckResult[] = [{ name: 'Configuration', ok: true, detail: `${config.env}, ${config.database.kind === 'pglite' ? 'embedded database' : 'PostgreSQL server'}` }];
  results.push(checkTls(config));
  if (config.database.kind === 'pglite') results.push(checkFileMode('Data directory', config.dataDir, 0o700));
  results.push(await checkKeyring(config));
  if (db) results.push(...(await databaseChecks(db)));
  else results.push({ name: 'Database', ok: false, detail: 'could not connect' });
  return results;
}
