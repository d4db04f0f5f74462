import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { TestPractice } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { sqlState, unwrapDriverError } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { generateKeyPairSync } from 'node:crypto';
import { currentCheckpoint } from './checkpoint.js';
import { signerFromPrivateKey } from './signer.js';

let db: Database;
let p: TestPractice;

beforeAll(async () => {
  db = await openTestDatabase();
  p = await createTestPractice(db);
  await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, async (tx) => {
    tx.audit({ action: 'read', resourceType: 'note', resourceId: 'immutable-1' });
  });
  await currentCheckpoint(db, p.id, signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey));
});
afterAll(async () => {
  await db.close();
});

const TABLES = ['audit_events', 'audit_seal', 'audit_checkpoints'] as const;
const changes = (table: string): [string, SQL][] => [
  ['update', sql.raw(`update ${table} set practice_id = practice_id`)],
  ['delete', sql.raw(`delete from ${table}`)],
  ['truncate', sql.raw(`truncate ${table}`)],
];

async function refusal(run: () => Promise<unknown>): Promise<{ state: string | undefined; message: string }> {
  try {
    await run();
  } catch (err) {
    return { state: sqlState(err), message: (unwrapDriverError(err) as Error).message };
  }
  throw new Error('the change was not refused');
}

async function rowCount(table: string): Promise<number> {
  const [row] = await withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, (tx) =>
    tx.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)),
  );
  return row?.n ?? 0;
}

describe('audit tables are append-only', () => {
  for (const table of TABLES) {
    for (const [op, statement] of changes(table)) {
      it(`the tenant role (withPracticeTx) may not ${op} ${table}`, async () => {
        const r = await refusal(() => withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, (tx) => tx.rows(statement)));
        expect(r.state).toBe('42501');
        expect(await rowCount(table)).toBeGreaterThan(0);
      });

      it(`the application role may not ${op} ${table}`, async () => {
        const r = await refusal(() => db.transaction((tx) => tx.rows(statement)));
        expect(r.state).toBe('42501');
      });

      it(`a superuser who leaves triggers on is stopped by the trigger from ${op} on ${table}`, async () => {
        const r = await refusal(() => asSuperuser(db, (run) => run(statement)));
        expect(r.state).toBe('42501');
        expect(r.message).toContain('append-only');
        expect(await rowCount(table)).toBeGreaterThan(0);
      });
    }
  }

  it('the owner role sees no audit rows to change: row-level security is forced on it too', async () => {
    const changed = await db.ownerTransaction((tx) => tx.rows(sql`update audit_events set outcome = 'error' where practice_id = ${p.id} returning id`));
    expect(changed).toEqual([]);
    expect(await rowCount('audit_events')).toBeGreaterThan(0);
  });

  it('the tenant role may not write seal rows or checkpoints into another practice', async () => {
    const other = await createTestPractice(db);
    const r = await refusal(() =>
      withPracticeTx(db, { practiceId: p.id, userId: null, role: 'owner' }, (tx) =>
        tx.rows(sql`insert into audit_seal (practice_id, seq, event_id, leaf_hash, chain_hash)
          values (${other.id}, 1, gen_random_uuid(), decode(repeat('00', 32), 'hex'), decode(repeat('00', 32), 'hex'))`),
      ),
    );
    expect(r.state).toBe('42501');
  });
});
