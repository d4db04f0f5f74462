// Field encryption, decryption and blind indexes on one core, through the real FieldCipher (keys loaded
// once from an embedded database, then served from the key cache as in the application).
// Run: npx tsx bench/crypto/field-crypto.bench.ts
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Bench } from 'tinybench';
import { seal } from '../../src/platform/crypto/aead.js';
import { computeBlindIndex } from '../../src/platform/crypto/blind-index.js';
import { createFieldCipher } from '../../src/platform/crypto/field-cipher.js';
import { fieldAad, formatField } from '../../src/platform/crypto/field-format.js';
import { Keyring } from '../../src/platform/crypto/keyring.js';
import { fileKeyringStore } from '../../src/platform/crypto/keyring-store.js';
import { provisionPracticeKeys } from '../../src/platform/crypto/provision.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { openPglite } from '../../src/platform/db/pglite.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { machineLine } from './machine.js';

const dir = mkdtempSync(path.join(tmpdir(), 'confidant-bench-'));
const db = await openPglite('memory');
try {
  await migrate(db);
  const keyring = (await Keyring.open(fileKeyringStore(path.join(dir, 'keyring.json'), null))).keyring;
  const [practice] = await db.rows<{ id: string }>(
    (await import('drizzle-orm')).sql`insert into practices (name) values ('Bench Practice') returning id`,
  );
  const practiceId = practice!.id;
  await provisionPracticeKeys(db, keyring, practiceId);
  const cipher = createFieldCipher({ db, keyring });
  const plaintext = randomBytes(768).toString('base64'); // 1024 characters of ASCII = 1 KiB
  const ref = { table: 'clients', column: 'intake_note', rowId: randomUUID(), practiceId };
  const indexKey = randomBytes(32);

  await withPracticeTx(db, { practiceId, userId: null, role: 'clinician' }, async (tx) => {
    const stored = await cipher.encrypt(tx, ref, plaintext); // loads and caches the keys
    const bench = new Bench({ time: 2000, warmupTime: 300 });
    bench
      .add('encrypt 1 KiB field', async () => {
        await cipher.encrypt(tx, ref, plaintext);
      })
      .add('decrypt 1 KiB field', async () => {
        await cipher.decrypt(tx, ref, stored);
      })
      .add('encrypt, primitive only', () => {
        formatField(1, seal(indexKey, Buffer.from(plaintext, 'utf8'), fieldAad(ref, 1)));
      })
      .add('blind index: email', () => {
        computeBlindIndex(indexKey, 1, 'email', 'Synthetic.Person+7@Example.test');
      })
      .add('blind index: phone', () => {
        computeBlindIndex(indexKey, 1, 'phone', '(555) 010-4477');
      })
      .add('blind index: name', () => {
        computeBlindIndex(indexKey, 1, 'name', 'Zoë Ångström-Test');
      });
    await bench.run();
    console.log(machineLine());
    // ops/s = runs / total time (1000 / mean latency in ms), which counts GC pauses and promise
    // overhead; the mean of per-sample throughputs would hide them.
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state}`);
      const opsPerSecond = Math.round(1000 / r.latency.mean);
      console.log(
        `${task.name.padEnd(24)} ${opsPerSecond.toLocaleString('en-US').padStart(10)} ops/s   p50 ${(r.latency.p50 * 1000).toFixed(2)} µs   p99 ${(r.latency.p99 * 1000).toFixed(2)} µs   (${r.latency.samplesCount} runs)`,
      );
    }
  });
} finally {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}
