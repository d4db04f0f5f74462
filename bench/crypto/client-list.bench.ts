// The cost of field encryption on a list of 100 clients: one withPracticeTx reading 100 rows of five
// PHI fields (name, email, phone, date of birth, a 300-character note), stored in plain text versus
// stored encrypted and decrypted. Embedded database (PGlite), keys served from the key cache.
// Run: npx tsx bench/crypto/client-list.bench.ts
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Bench } from 'tinybench';
import { createFieldCipher } from '../../src/platform/crypto/field-cipher.js';
import { Keyring } from '../../src/platform/crypto/keyring.js';
import { fileKeyringStore } from '../../src/platform/crypto/keyring-store.js';
import { provisionPracticeKeys } from '../../src/platform/crypto/provision.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { machineLine } from './machine.js';

const FIELDS = ['full_name', 'email', 'phone', 'birth_date', 'intake_note'] as const;
const dir = mkdtempSync(path.join(tmpdir(), 'confidant-bench-'));
const db = await openPglite('memory');
try {
  await migrate(db);
  await db.ownerTransaction(async (tx) => {
    for (const [name, type] of [['bench_clients_plain', 'text'], ['bench_clients_sealed', 'ciphertext']]) {
      await tx.exec(`create table ${name} (practice_id uuid not null references practices (id), id uuid not null, ${FIELDS.map((f) => `${f} ${type}`).join(', ')}, primary key (practice_id, id))`);
      await tx.rows(sql`select confidant_tenant_table(${name}::regclass)`);
    }
  });
  const keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  const [practice] = await db.rows<{ id: string }>(sql`insert into practices (name) values ('Bench Practice') returning id`);
  const practiceId = practice!.id;
  await provisionPracticeKeys(db, keyring, practiceId);
  const cipher = createFieldCipher({ db, keyring });
  const ctx = { practiceId, userId: null, role: 'clinician' };

  await withPracticeTx(db, ctx, async (tx) => {
    for (let i = 0; i < 100; i++) {
      const id = randomUUID();
      const values = [`Test Client ${i}`, `synthetic.client.${i}@example.test`, `+1555010${String(i).padStart(4, '0')}`, '1990-01-01', `Synthetic intake note ${i}: ${'lorem ipsum '.repeat(24)}`];
      await tx.rows(sql`insert into bench_clients_plain values (${practiceId}, ${id}, ${sql.join(values.map((v) => sql`${v}`), sql`, `)})`);
      const sealed = await Promise.all(values.map((v, j) => cipher.encrypt(tx, { table: 'bench_clients_sealed', column: FIELDS[j]!, rowId: id, practiceId }, v)));
      await tx.rows(sql`insert into bench_clients_sealed values (${practiceId}, ${id}, ${sql.join(sealed.map((v) => sql`${v}`), sql`, `)})`);
    }
  });

  const bench = new Bench({ time: 3000, warmupTime: 500 });
  bench
    .add('list 100 clients, plain text', async () => {
      await withPracticeTx(db, ctx, (tx) => tx.rows(sql`select * from bench_clients_plain order by id`));
    })
    .add('list 100 clients, encrypted', async () => {
      await withPracticeTx(db, ctx, async (tx) => {
        const rows = await tx.rows<Record<string, string>>(sql`select * from bench_clients_sealed order by id`);
        for (const row of rows) {
          for (const f of FIELDS) await cipher.decrypt(tx, { table: 'bench_clients_sealed', column: f, rowId: row.id!, practiceId }, row[f]!);
        }
      });
    });
  await bench.run();
  console.log(machineLine());
  const means: number[] = [];
  for (const task of bench.tasks) {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
    means.push(r.latency.mean);
    console.log(`${task.name.padEnd(30)} mean ${r.latency.mean.toFixed(3)} ms   p50 ${r.latency.p50.toFixed(3)} ms   p99 ${r.latency.p99.toFixed(3)} ms   (${r.latency.samplesCount} runs)`);
  }
  console.log(`field encryption adds ${(means[1]! - means[0]!).toFixed(3)} ms per list of 100 clients (500 fields decrypted), ${(((means[1]! - means[0]!) / means[0]!) * 100).toFixed(0)}% of the plain-text list`);
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
