import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { TestPractice } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { recordAuditEvents } from './record.js';

let db: Database;
let p: TestPractice;

beforeAll(async () => {
  db = await openTestDatabase();
  p = await createTestPractice(db);
});
afterAll(async () => {
  await db.close();
});

const ctx = () => ({ practiceId: p.id, userId: null, role: 'owner' });
const events = (resourceId: string) =>
  withPracticeTx(db, ctx(), (tx) => tx.rows<{ action: string; outcome: string }>(sql`select action, outcome from audit_events where resource_id = ${resourceId}`));

describe('audit events written with the work they record', () => {
  it('a committed change always has its event', async () => {
    await withPracticeTx(db, ctx(), async (tx) => {
      await tx.rows(sql`insert into practice_settings (practice_id) values (${p.id})`);
      tx.audit({ action: 'create', resourceType: 'practice_settings', resourceId: 'committed-1' });
    });
    expect(await events('committed-1')).toEqual([{ action: 'create', outcome: 'success' }]);
  });

  it('a rolled-back change leaves no event', async () => {
    await expect(
      withPracticeTx(db, ctx(), async (tx) => {
        tx.audit({ action: 'update', resourceType: 'practice_settings', resourceId: 'rolled-back-1' });
        await tx.rows(sql`update practice_settings set session_idle_minutes = 999`); // violates the check
      }),
    ).rejects.toThrow();
    expect(await events('rolled-back-1')).toEqual([]);
  });

  it('an event that cannot be written rolls the work back with it', async () => {
    await expect(
      withPracticeTx(db, ctx(), async (tx) => {
        await tx.rows(sql`update practice_settings set session_idle_minutes = 30`);
        tx.audit({ action: 'Not A Code', resourceType: 'practice_settings', resourceId: 'bad-event' });
      }),
    ).rejects.toThrow();
    const [row] = await withPracticeTx(db, ctx(), (tx) => tx.rows<{ m: number }>(sql`select session_idle_minutes as m from practice_settings`));
    expect(row?.m).toBe(15);
  });

  it('a denied attempt is recorded in its own transaction', async () => {
    await recordAuditEvents(db, { practiceId: p.id, userId: null, role: 'staff' }, [
      { action: 'read', resourceType: 'note', resourceId: 'denied-1', outcome: 'denied' },
    ]);
    expect(await events('denied-1')).toEqual([{ action: 'read', outcome: 'denied' }]);
  });
});
