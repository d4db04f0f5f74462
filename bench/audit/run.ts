/**
 * Audit trail benchmark on the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/test).
 * Creates its own database, migrates it, measures, and drops it:
 *   1. sustained append rate through withPracticeTx (batched events per transaction, concurrent writers);
 *   2. seal rate (the sealer hashing and chaining that backlog);
 *   3. verify rate (recomputing the chain of one practice);
 *   4. the access-report query for one client over a table of AUDIT_BENCH_EVENTS (default 10 million)
 *      synthetic events, bulk-loaded with generate_series as the superuser.
 * Run: npm run bench:audit   (env: AUDIT_BENCH_ADMIN_URL, AUDIT_BENCH_EVENTS, AUDIT_BENCH_APPEND_SECONDS)
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { accessReport } from '../../src/platform/audit/query.js';
import { sealStream } from '../../src/platform/audit/seal.js';
import { signerFromPrivateKey } from '../../src/platform/audit/signer.js';
import { verifyStream } from '../../src/platform/audit/verify.js';
import { withClient } from './pg-client.js';

const adminUrl = process.env.AUDIT_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const totalEvents = Number(process.env.AUDIT_BENCH_EVENTS ?? 10_000_000);
const appendSeconds = Number(process.env.AUDIT_BENCH_APPEND_SECONDS ?? 15);
const writers = Number(process.env.AUDIT_BENCH_WRITERS ?? 8);
const batch = Number(process.env.AUDIT_BENCH_BATCH ?? 100);
const dbName = process.env.AUDIT_BENCH_DB ?? 'confidant_bench_audit';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6;


async function createPractices(db: Database, n: number): Promise<string[]> {
  const rows = await db.rows<{ id: string }>(
    sql`insert into practices (name) select 'Bench Practice ' || g from generate_series(1, ${n}::int) g returning id::text as id`,
  );
  return rows.map((r) => r.id);
}

/** Concurrent writers, each committing `batch` events per withPracticeTx, for `seconds`. */
async function appendRate(db: Database, practices: string[], seconds: number): Promise<{ events: number; perSecond: number }> {
  const deadline = Date.now() + seconds * 1000;
  let events = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const practiceId = practices[w % practices.length]!;
      const userId = randomUUID();
      while (Date.now() < deadline) {
        await withPracticeTx(db, { practiceId, userId, role: 'clinician', sessionId: `bench-${w}` }, async (tx) => {
          for (let i = 0; i < batch; i++) {
            tx.audit({ action: 'read', resourceType: 'note', resourceId: `n-${i}`, subjectClientId: randomUUID(), purposeOfUse: 'treatment' });
          }
        });
        events += batch;
      }
    }),
  );
  return { events, perSecond: events / (ms(t0) / 1000) };
}

/**
 * CPU milliseconds used so far by the server processes serving the bench database, read from /proc
 * (Linux, server on this host); null where that cannot be read. Wall-clock rates on a shared host
 * depend on everything else running; CPU per event does much less.
 */
async function serverCpuMs(url: string, database: string): Promise<number | null> {
  try {
    const pids = await withClient(url, async (c) => (await c.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database])).rows.map((r) => r.pid));
    let total = 0;
    for (const pid of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in 1/100 s (USER_HZ)
    }
    return total;
  } catch {
    return null;
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  const pgVersion = await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'confidant_app') THEN CREATE ROLE confidant_app LOGIN;
      ELSE ALTER ROLE confidant_app LOGIN; END IF; END $$`);
    return (await c.query<{ v: string }>('select version() as v')).rows[0]!.v;
  });
  const ownerUrl = new URL(adminUrl);
  ownerUrl.pathname = `/${dbName}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = 'confidant_app';
  appUrl.password = '';

  const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average at start ${load()}`);
  console.log(`database: ${pgVersion.split(' on ')[0]}`);

  const db = await openPostgres({ url: appUrl.toString(), migrationUrl: ownerUrl.toString(), poolSize: writers + 2 });
  try {
    await migrate(db);
    const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);

    // 1. Append.
    const practices = await createPractices(db, writers);
    const append = await appendRate(db, practices, appendSeconds);
    console.log(`append: ${fmt(append.perSecond)} events/s sustained over ${appendSeconds} s (${fmt(append.events)} events, ${writers} writers, ${batch} events per transaction, sealer not running)`);

    // 2. Seal the backlog, practices in parallel.
    let t0 = process.hrtime.bigint();
    const sealed = await Promise.all(practices.map((p) => sealStream(db, p)));
    const sealedCount = sealed.reduce((n, r) => n + r.sealed, 0);
    console.log(`seal: ${fmt(sealedCount / (ms(t0) / 1000))} events/s (${fmt(sealedCount)} events, ${practices.length} practices in parallel)`);

    // 3. Verify the whole chain of every practice, one after another (as `confidant audit verify` does).
    // Warm both pool connections first, so the server CPU read below covers the backends verify uses.
    await Promise.all([db.transaction((tx) => tx.rows(sql`select 1`)), db.transaction((tx) => tx.rows(sql`select 1`))]);
    const server0 = await serverCpuMs(adminUrl, dbName);
    const node0 = process.cpuUsage();
    t0 = process.hrtime.bigint();
    let verified = 0;
    for (const p of practices) {
      const v = await verifyStream(db, p, { publicKeyFor: signer.publicKeyFor });
      if (!v.ok) throw new Error(`verify failed: ${v.failure?.reason}`);
      verified += v.sealed;
    }
    const verifySeconds = ms(t0) / 1000;
    const nodeCpu = process.cpuUsage(node0);
    const server1 = await serverCpuMs(adminUrl, dbName);
    const perEvent = (cpuMs: number): string => `${((cpuMs * 1000) / verified).toFixed(2)} us`;
    const cpu = `node ${perEvent((nodeCpu.user + nodeCpu.system) / 1000)}${server0 !== null && server1 !== null ? `, postgres ${perEvent(server1 - server0)}` : ''} CPU per event`;
    console.log(`verify: ${fmt(verified / verifySeconds)} events/s (${fmt(verified)} events; ${cpu}; load average now ${load()})`);

    // 4. Access report over a large table: bulk load synthetic events as the superuser.
    const reportPractices = 20;
    const clientsPerPractice = 5_000;
    const loadIds = (await createPractices(db, reportPractices)).map((id) => ({ id }));
    const targetPractice = loadIds[0]!.id;
    t0 = process.hrtime.bigint();
    let buildSeconds = 0;
    await withClient(ownerUrl.toString(), async (c) => {
      await c.query('SET session_replication_role = replica'); // synthetic history: skip the seal queue trigger
      await c.query(`SET maintenance_work_mem = '512MB'`);
      // Bulk load without index maintenance, then build the indexes the migrations define.
      const indexes = (await c.query<{ def: string; name: string }>(
        `select indexdef as def, indexname as name from pg_indexes where tablename = 'audit_events' and indexname <> 'audit_events_pkey'`,
      )).rows;
      for (const ix of indexes) await c.query(`drop index ${ix.name}`);
      await c.query('alter table audit_events drop constraint audit_events_pkey');
      const per = Math.ceil(totalEvents / reportPractices);
      // A valid version-4 uuid from a hash, so the same client id can be named again below.
      const v4 = (expr: string): string => `(substr(md5(${expr}), 1, 12) || '4' || substr(md5(${expr}), 14, 3) || '8' || substr(md5(${expr}), 18))::uuid`;
      for (const [i, p] of loadIds.entries()) {
        await c.query(
          `insert into audit_events (practice_id, id, occurred_at, actor_user_id, actor_role, session_id, source_ip, user_agent, action, resource_type, resource_id, subject_client_id, purpose_of_use, outcome, request_id)
           select $1::uuid, gen_random_uuid(), timestamptz '2020-01-01' + g * interval '1 second' * 18,
                  ${v4(`'user' || (g % 40)`)}, (array['clinician','staff','owner'])[1 + g % 3], 'sess-' || (g % 500), '192.0.2.' || (g % 250),
                  'Mozilla/5.0 (bench)', (array['read','read','read','update','create'])[1 + g % 5], (array['note','client','appointment'])[1 + g % 3],
                  'r-' || g, ${v4(`$1 || '-client-' || (g % ${clientsPerPractice})`)}, 'treatment', 'success', 'req-' || g
           from generate_series(1, $2::int) g`,
          [p.id, per],
        );
        process.stdout.write(`\r  loaded ${fmt((i + 1) * per)} events`);
      }
      process.stdout.write('\n');
      const tb = process.hrtime.bigint();
      await c.query('alter table audit_events add primary key (practice_id, id)');
      for (const ix of indexes) await c.query(ix.def);
      await c.query('ANALYZE audit_events');
      buildSeconds = ms(tb) / 1000;
    });
    const [{ n } = { n: 0 }] = await withClient(ownerUrl.toString(), async (c) => (await c.query<{ n: number }>('select count(*)::int as n from audit_events')).rows);
    console.log(`  bulk load: ${fmt(n)} events in ${(ms(t0) / 1000).toFixed(1)} s (of which ${buildSeconds.toFixed(1)} s building the primary key and indexes)`);

    const viewer = { practiceId: targetPractice, userId: randomUUID(), role: 'owner' };
    const clientId = await withClient(ownerUrl.toString(), async (c) => (await c.query<{ id: string }>(`select (substr(md5($1 || '-client-42'), 1, 12) || '4' || substr(md5($1 || '-client-42'), 14, 3) || '8' || substr(md5($1 || '-client-42'), 18))::uuid::text as id`, [targetPractice])).rows[0]!.id);
    const timings: number[] = [];
    let lastCount = 0;
    for (let i = 0; i < 25; i++) {
      const t = process.hrtime.bigint();
      const r = await accessReport(db, viewer, clientId, {}, { limit: 100 });
      timings.push(ms(t));
      lastCount = r.summary.reduce((s, x) => s + x.count, 0);
    }
    timings.sort((a, b) => a - b);
    console.log(
      `load average now ${load()}\naccess report (one client, ${fmt(lastCount)} of ${fmt(n)} events; summary + first page of 100 + its own audit event): median ${quantile(timings, 0.5).toFixed(1)} ms, p95 ${quantile(timings, 0.95).toFixed(1)} ms over ${timings.length} runs`,
    );
  } finally {
    await db.close();
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
  }
}

await main();
