import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { openTestDatabase } from '../support/db.js';
import { openTestKeyring } from '../support/keyring.js';
import { provisionMissingPracticeKeys } from '../../src/platform/crypto/provision.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, createOperatorAdmin, createPracticeAsAdmin, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('a new practice', () => {
  it('gets its own data and index keys at creation, so its fields can be encrypted at once', async () => {
    const practiceId = await createPracticeAsAdmin(admin);
    const ctx = { practiceId, userId: null, role: 'system' };
    const keys = await withPracticeTx(db, ctx, (tx) => tx.rows<{ purpose: string }>(sql`select purpose from practice_keys where status = 'active' order by purpose`));
    expect(keys.map((k) => k.purpose)).toEqual(['data', 'index']);
    const ref = { practiceId, table: 'zz_probe', column: 'sealed', rowId: practiceId };
    const sealed = await withPracticeTx(db, ctx, (tx) => app.ciphers.practice.encrypt(tx, ref, 'synthetic probe text'));
    expect(sealed).not.toContain('synthetic');
    expect(await withPracticeTx(db, ctx, (tx) => app.ciphers.practice.decrypt(tx, ref, sealed))).toBe('synthetic probe text');
  });

  it('one created before keys were given at creation gets them at the next start; a practice with keys is left alone', async () => {
    const [row] = await db.rows<{ id: string }>(sql`insert into practices (name) values ('Test Practice Keyless') returning id`);
    const practiceId = row!.id;
    const keyring = await openTestKeyring(db);
    expect(await provisionMissingPracticeKeys(db, keyring, [practiceId])).toBe(1);
    const keys = await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, (tx) =>
      tx.rows<{ purpose: string }>(sql`select purpose from practice_keys where status = 'active' order by purpose`),
    );
    expect(keys.map((k) => k.purpose)).toEqual(['data', 'index']);
    expect(await provisionMissingPracticeKeys(db, keyring, [practiceId])).toBe(0);
  });
});
