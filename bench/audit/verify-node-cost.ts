/**
 * Node's CPU per event for the checks of the streamed verify walk alone, without Postgres: reads the
 * two binary COPY streams of the first stream of the database bench/audit/verify-large.ts keeps
 * (AUDIT_VERIFY_KEEP=1) into memory once, then feeds them to SealPairing in proportion (as they
 * arrive on two connections) AUDIT_VERIFY_ROUNDS (default 5) times, in one thread.
 * AUDIT_VERIFY_CODE (default this checkout) is the root of the source tree whose seal-pairing.ts is
 * measured, so an older tree can be compared on the same bytes.
 * Run: npx tsx bench/audit/verify-node-cost.ts
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import { openPostgres } from '../../src/platform/db/postgres.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { eventCopy, sealCopy, walkContext } from '../../src/platform/audit/verify-streamed.js';
import type { SealPairing as Pairing } from '../../src/platform/audit/seal-pairing.js';

const adminUrl = process.env.AUDIT_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = process.env.AUDIT_VERIFY_DB ?? 'confidant_bench_audit_verify';
const rounds = Number(process.env.AUDIT_VERIFY_ROUNDS ?? 5);
const code = path.resolve(process.env.AUDIT_VERIFY_CODE ?? '.');
const ownerUrl = new URL(adminUrl);
ownerUrl.pathname = `/${dbName}`;
const appUrl = new URL(ownerUrl);
appUrl.username = 'confidant_app';
appUrl.password = '';

const db = await openPostgres({ url: appUrl.toString(), migrationUrl: ownerUrl.toString(), poolSize: 2 });
let head: number;
const chunks: { seal: Buffer[]; events: Buffer[] } = { seal: [], events: [] };
try {
  const [first] = await db.rows<{ id: string }>(sql`select id::text as id from practices order by created_at, id limit 1`);
  if (!first) throw new Error(`no practice in ${dbName}: run AUDIT_VERIFY_KEEP=1 npx tsx bench/audit/verify-large.ts first`);
  const ctx = walkContext(first.id);
  head = (await withPracticeTx(db, ctx, (tx) => tx.rows<{ head: number }>(sql`select coalesce(max(seq), 0)::int as head from audit_seal`)))[0]!.head;
  for (const [side, copy] of [
    ['seal', sealCopy(1, head)],
    ['events', eventCopy()],
  ] as const) {
    await withPracticeTx(db, ctx, async (tx) => {
      await tx.exec(copy.settings);
      for await (const chunk of tx.copyOut!(copy.statement)) chunks[side].push(Buffer.from(chunk as Buffer));
    });
  }
} finally {
  await db.close();
}

const { SealPairing } = (await import(pathToFileURL(path.join(code, 'src/platform/audit/seal-pairing.ts')).href)) as { SealPairing: typeof Pairing };
const total = { seal: chunks.seal.reduce((n, c) => n + c.length, 0), events: chunks.events.reduce((n, c) => n + c.length, 0) };
console.log(`${code}: ${head} events, ${chunks.seal.length} seal chunks, ${chunks.events.length} event chunks; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (let round = 0; round < rounds; round++) {
  const pairing = new SealPairing({ head, expectRoot: new Map(), mergeLimit: 1_000_000 });
  const cpu0 = process.cpuUsage();
  const at = { seal: 0, events: 0 };
  const done = { seal: 0, events: 0 };
  while (at.seal < chunks.seal.length || at.events < chunks.events.length) {
    // The side that has delivered the smaller share of its bytes goes next.
    const side = at.events >= chunks.events.length || (at.seal < chunks.seal.length && done.seal / total.seal <= done.events / total.events) ? 'seal' : 'events';
    const chunk = chunks[side][at[side]++]!;
    done[side] += chunk.length;
    (side === 'seal' ? pairing.sealReader : pairing.eventReader).push(chunk);
  }
  pairing.sealReader.finish();
  pairing.eventReader.finish();
  pairing.finishStreams();
  const cpu = process.cpuUsage(cpu0);
  if (pairing.failure) throw new Error(`verify failed: ${pairing.failure.reason}`);
  console.log(`round ${round + 1}: ${(((cpu.user + cpu.system) / head)).toFixed(2)} us of CPU per event; load average ${os.loadavg()[0]!.toFixed(1)}`);
}
