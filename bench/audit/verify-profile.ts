/**
 * Verifies the first stream of the database bench/audit/verify-large.ts keeps (AUDIT_VERIFY_KEEP=1),
 * for a CPU profile of the Node side of verify:
 *   npx tsx --cpu-prof --cpu-prof-dir=/tmp/vprof bench/audit/verify-profile.ts
 *   npx tsx bench/audit/profile-summary.ts /tmp/vprof/<file>.cpuprofile
 * AUDIT_VERIFY_DB, AUDIT_BENCH_ADMIN_URL as for verify-large.ts; AUDIT_VERIFY_JOBS (default 1).
 */
import { sql } from 'drizzle-orm';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { verifyStream } from '../../src/platform/audit/verify.js';

const adminUrl = process.env.AUDIT_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = process.env.AUDIT_VERIFY_DB ?? 'confidant_bench_audit_verify';
const jobs = Number(process.env.AUDIT_VERIFY_JOBS ?? 1);
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'confidant_app';
appUrl.password = '';

const db = await openPostgres({ url: appUrl.toString(), migrationUrl: ownerUrl.toString(), poolSize: 2 * jobs + 1 });
try {
  const [first] = await db.rows<{ id: string }>(sql`select id::text as id from practices order by created_at, id limit 1`);
  if (!first) throw new Error(`no practice in ${dbName}: run AUDIT_VERIFY_KEEP=1 npx tsx bench/audit/verify-large.ts first`);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const v = await verifyStream(db, first.id, { publicKeyFor: () => null, jobs });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  if (!v.ok) throw new Error(`verify failed: ${v.failure?.reason}`);
  console.log(`${v.sealed} events in ${seconds.toFixed(2)} s; node CPU ${(((cpu.user + cpu.system) / v.sealed)).toFixed(2)} us per event (main thread and workers)`);
} finally {
  await db.close();
}
