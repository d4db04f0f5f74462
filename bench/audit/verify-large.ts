/**
 * Verify rate over large streams, the case bench/audit/run.ts does not reach: its streams hold what
 * 15 s of appends wrote and fit in the server's shared buffers. This one writes AUDIT_VERIFY_PRACTICES
 * (default 2) streams of AUDIT_VERIFY_EVENTS (default 250,000) events each with realistic field sizes
 * (a browser user agent, session and request ids), seals them with the real sealer, then runs
 * verifyStream over them AUDIT_VERIFY_ROUNDS (default 2) times, printing wall rate and CPU per event
 * of this process and of the Postgres backends.
 * AUDIT_VERIFY_JOBS (default 1, the serial walk) sets verify's jobs: seq ranges checked side by side,
 * each on two connections of a pool of 2 x jobs + 1 and in its own thread; CPU per event for Node
 * then counts every thread of the process.
 * Run: npx tsx bench/audit/verify-large.ts   (AUDIT_BENCH_ADMIN_URL, AUDIT_VERIFY_DB, AUDIT_VERIFY_KEEP=1 keeps the database for a rerun)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { sealStream } from '../../src/platform/audit/seal.js';
import { verifyStream } from '../../src/platform/audit/verify.js';
import { withClient } from './pg-client.js';

const adminUrl = process.env.AUDIT_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = process.env.AUDIT_VERIFY_DB ?? 'confidant_bench_audit_verify';
const perPractice = Number(process.env.AUDIT_VERIFY_EVENTS ?? 250_000);
const practiceCount = Number(process.env.AUDIT_VERIFY_PRACTICES ?? 2);
const rounds = Number(process.env.AUDIT_VERIFY_ROUNDS ?? 2);
const keep = process.env.AUDIT_VERIFY_KEEP === '1';
const jobs = Number(process.env.AUDIT_VERIFY_JOBS ?? 1);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');

const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'confidant_app';
appUrl.password = '';

/** CPU ms of the server processes serving the database, from /proc (Linux, same host); null if unreadable. */
async function serverCpuMs(): Promise<number | null> {
  try {
    const pids = await withClient(adminUrl, async (c) => (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName])).rows.map((r) => r.pid));
    let total = 0;
    for (const pid of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in 1/100 s
    }
    return total;
  } catch {
    return null;
  }
}

const exists = await withClient(adminUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1);
if (!exists || !keep) {
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'confidant_app') THEN CREATE ROLE confidant_app LOGIN;
      ELSE ALTER ROLE confidant_app LOGIN; END IF; END $$`);
  });
}
const db = await openPostgres({ url: appUrl.toString(), migrationUrl: ownerUrl.toString(), poolSize: Math.max(4, 2 * jobs + 1) });
try {
  await migrate(db);
  let practices = (await db.rows<{ id: string }>(sql`select id::text as id from practices order by created_at, id`)).map((r) => r.id);
  if (practices.length !== practiceCount) {
    practices = (await db.rows<{ id: string }>(sql`insert into practices (name) select 'Bench Practice ' || g from generate_series(1, ${practiceCount}::int) g returning id::text as id`)).map((r) => r.id);
    for (const p of practices) {
      // As the owner with triggers on, so every event is queued and then sealed by the real sealer.
      await withClient(ownerUrl.toString(), async (c) => {
        for (let from = 0; from < perPractice; from += 10_000) {
          await c.query(
            `insert into audit_events (practice_id, occurred_at, actor_user_id, actor_role, session_id, source_ip, user_agent, action, resource_type, resource_id, subject_client_id, purpose_of_use, outcome, request_id)
             select $1::uuid, clock_timestamp(), md5('u' || (g % 40))::uuid, 'clinician', 'sess-' || md5('s' || (g % 500)), '192.0.2.' || (g % 250),
                    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'read', 'note',
                    md5('r' || g)::uuid::text, md5('c' || (g % 5000))::uuid, 'treatment', 'success', 'req-' || g
             from generate_series($2::int, $3::int) g`,
            [p, from, Math.min(perPractice, from + 10_000) - 1],
          );
        }
      });
      const t = Date.now();
      const r = await sealStream(db, p);
      console.log(`  wrote and sealed ${fmt(r.sealed)} events of one practice (sealing took ${((Date.now() - t) / 1000).toFixed(1)} s)`);
    }
    await withClient(ownerUrl.toString(), (c) => c.query('VACUUM ANALYZE'));
  }
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, node ${process.version}; ${practices.length} streams of ${fmt(perPractice)} events; verify jobs ${jobs}`);
  for (let round = 0; round < rounds; round++) {
    // Every connection the round will use, opened now: the server CPU of a backend is read while it lives.
    await Promise.all(Array.from({ length: Math.max(2, 2 * jobs + 1) }, () => db.transaction((tx) => tx.rows(sql`select pg_sleep(0.05)`))));
    const server0 = await serverCpuMs();
    const node0 = process.cpuUsage();
    const loadBefore = load();
    const t0 = process.hrtime.bigint();
    let verified = 0;
    for (const p of practices) {
      const v = await verifyStream(db, p, { publicKeyFor: () => null, jobs });
      if (!v.ok) throw new Error(`verify failed: ${v.failure?.reason}`);
      verified += v.sealed;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const nodeCpu = process.cpuUsage(node0);
    const server1 = await serverCpuMs();
    const per = (cpuMs: number): string => `${((cpuMs * 1000) / verified).toFixed(2)} us`;
    console.log(
      `verify: ${fmt(verified / seconds)} events/s (${fmt(verified)} events in ${seconds.toFixed(1)} s; CPU per event: node ${per((nodeCpu.user + nodeCpu.system) / 1000)}` +
        `${server0 !== null && server1 !== null ? `, postgres ${per(server1 - server0)}` : ''}; load average before ${loadBefore}, after ${load()})`,
    );
  }
} finally {
  await db.close();
  if (!keep) await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
}
