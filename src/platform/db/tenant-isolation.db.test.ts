import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { TestPractice } from '../../../test/support/db.js';
import type { Database } from './database.js';
import { withPracticeTx } from './practice-tx.js';
import { TENANT_ROLE } from './roles.js';

let db: Database;
let a: TestPractice;
let b: TestPractice;

const ctxFor = (p: TestPractice) => ({ practiceId: p.id, userId: null, role: 'owner' });

async function settingsRows(p: TestPractice): Promise<{ practice_id: string }[]> {
  // Deliberately no WHERE clause: RLS alone must confine the result.
  return withPracticeTx(db, ctxFor(p), (tx) => tx.rows<{ practice_id: string }>(sql`select practice_id from practice_settings`));
}

beforeAll(async () => {
  db = await openTestDatabase();
  a = await createTestPractice(db);
  b = await createTestPractice(db);
  for (const p of [a, b]) {
    await withPracticeTx(db, ctxFor(p), (tx) => tx.rows(sql`insert into practice_settings (practice_id) values (${p.id})`));
  }
});

afterAll(async () => {
  await db.close();
});

describe('withPracticeTx and row-level security', () => {
  it('a query without WHERE sees only the practice of the transaction', async () => {
    const rows = await settingsRows(a);
    expect(rows.map((r) => r.practice_id)).toEqual([a.id]);
    expect((await settingsRows(b)).map((r) => r.practice_id)).toEqual([b.id]);
  });

  it('refuses to insert a row for another practice', async () => {
    const other = await createTestPractice(db);
    await expect(
      withPracticeTx(db, ctxFor(a), (tx) => tx.rows(sql`insert into practice_settings (practice_id) values (${other.id})`)),
    ).rejects.toThrow();
    const seen = await withPracticeTx(db, ctxFor(other), (tx) => tx.rows(sql`select 1 from practice_settings`));
    expect(seen).toHaveLength(0);
  });

  it('cannot update another practice: its rows are invisible, and moving a row out is refused', async () => {
    const updated = await withPracticeTx(db, ctxFor(a), (tx) =>
      tx.rows(sql`update practice_settings set session_idle_minutes = 5 where practice_id = ${b.id} returning practice_id`),
    );
    expect(updated).toHaveLength(0);
    await expect(
      withPracticeTx(db, ctxFor(a), (tx) => tx.rows(sql`update practice_settings set practice_id = ${b.id} where practice_id = ${a.id}`)),
    ).rejects.toThrow();
    const [bRow] = await withPracticeTx(db, ctxFor(b), (tx) => tx.rows<{ m: number }>(sql`select session_idle_minutes as m from practice_settings`));
    expect(bRow?.m).toBe(15);
  });

  it('deletes nothing of another practice', async () => {
    const deleted = await withPracticeTx(db, ctxFor(a), (tx) => tx.rows(sql`delete from practice_settings where practice_id = ${b.id} returning 1`));
    expect(deleted).toHaveLength(0);
    expect(await settingsRows(b)).toHaveLength(1);
  });

  it('with no practice set, the tenant role sees nothing', async () => {
    const rows = await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL ROLE ${TENANT_ROLE}`);
      return tx.rows(sql`select * from practice_settings`);
    });
    expect(rows).toHaveLength(0);
  });

  it('the application connection itself has no grant on tenant tables', async () => {
    await expect(db.rows(sql`select * from practice_settings`)).rejects.toThrow(/permission denied/);
  });

  it('settings are transaction-local and do not leak to the next transaction', async () => {
    await settingsRows(a);
    const [row] = await db.rows<{ p: string | null; r: string }>(sql`select nullif(current_setting('app.practice_id', true), '') as p, current_user::text as r`);
    expect(row?.p).toBeNull();
    expect(row?.r).not.toBe(TENANT_ROLE);
  });

  it('rejects a context without a valid practice id before touching the database', async () => {
    await expect(withPracticeTx(db, { practiceId: "x' or 1=1", userId: null, role: 'owner' }, async () => 1)).rejects.toThrow(TypeError);
  });

  it.each([
    ['ALTER TABLE practice_settings DISABLE ROW LEVEL SECURITY'],
    ['ALTER TABLE practice_settings NO FORCE ROW LEVEL SECURITY'],
    ['ALTER TABLE practice_settings ADD COLUMN sneaky text'],
    ['DROP POLICY tenant_select ON practice_settings'],
    ['DROP TABLE practice_settings'],
    ['TRUNCATE practice_settings'],
  ])('the application and tenant roles cannot run: %s', async (statement) => {
    await expect(db.transaction((tx) => tx.exec(statement))).rejects.toThrow(/must be owner|permission denied/);
    await expect(withPracticeTx(db, ctxFor(a), (tx) => tx.exec(statement))).rejects.toThrow(/must be owner|permission denied/);
  });
});
