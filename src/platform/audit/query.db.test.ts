import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { ForbiddenProblem, ValidationProblem } from '../http/problem.js';
import { accessReport, searchAuditEvents } from './query.js';

let db: Database;
let practiceId: string;
const clientA = randomUUID();
const clientB = randomUUID();
const clinician = randomUUID();
const staff = randomUUID();
const owner = { practiceId: '', userId: randomUUID(), role: 'owner' };

/** Twelve events an hour apart on 2026-03-01 from 00:00 UTC; even hours on client A by the clinician, odd on client B by staff. */
async function seed(): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.rows(sql`select set_config('app.practice_id', ${practiceId}, true)`);
    for (let h = 0; h < 12; h++) {
      const even = h % 2 === 0;
      await tx.rows(sql`insert into audit_events (practice_id, occurred_at, actor_user_id, actor_role, action, resource_type, resource_id, subject_client_id, purpose_of_use, outcome)
        values (${practiceId}, ${`2026-03-01T${String(h).padStart(2, '0')}:00:00Z`}::timestamptz, ${even ? clinician : staff}, ${even ? 'clinician' : 'staff'},
                ${h === 5 ? 'update' : 'read'}, ${even ? 'note' : 'appointment'}, ${`r-${h}`}, ${even ? clientA : clientB}, ${even ? 'treatment' : 'operations'},
                ${h === 7 ? 'denied' : 'success'})`);
    }
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  practiceId = (await createTestPractice(db)).id;
  owner.practiceId = practiceId;
  await seed();
});
afterAll(async () => {
  await db.close();
});

const seeded = { to: '2026-03-02T00:00:00Z' };
const ids = (events: { resourceId: string | null }[]): (string | null)[] => events.map((e) => e.resourceId);

describe('audit search', () => {
  it('filters by client, actor, action, resource, outcome and time range, newest first', async () => {
    expect(ids((await searchAuditEvents(db, owner, { ...seeded, clientId: clientA })).events)).toEqual(['r-10', 'r-8', 'r-6', 'r-4', 'r-2', 'r-0']);
    expect(ids((await searchAuditEvents(db, owner, { ...seeded, actorUserId: staff, from: '2026-03-01T06:00:00Z' })).events)).toEqual(['r-11', 'r-9', 'r-7']);
    expect(ids((await searchAuditEvents(db, owner, { ...seeded, action: 'update' })).events)).toEqual(['r-5']);
    expect(ids((await searchAuditEvents(db, owner, { ...seeded, resourceType: 'appointment', outcome: 'denied' })).events)).toEqual(['r-7']);
    expect(ids((await searchAuditEvents(db, owner, { ...seeded, resourceId: 'r-3' })).events)).toEqual(['r-3']);
    expect(ids((await searchAuditEvents(db, owner, { from: '2026-03-01T02:00:00Z', to: '2026-03-01T04:00:00Z' })).events)).toEqual(['r-3', 'r-2']);
  });

  it('pages with an opaque cursor without skipping or repeating', async () => {
    const seen: (string | null)[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await searchAuditEvents(db, owner, seeded, { limit: 5, ...(cursor ? { cursor } : {}) });
      seen.push(...ids(page.events));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `r-${11 - i}`));
  });

  it('records the search itself', async () => {
    const viewer = { practiceId, userId: randomUUID(), role: 'compliance' };
    await searchAuditEvents(db, viewer, { clientId: clientB });
    const mine = await searchAuditEvents(db, owner, { actorUserId: viewer.userId });
    expect(mine.events.map((e) => [e.action, e.resourceType, e.subjectClientId, e.outcome])).toEqual([['read', 'audit_log', clientB, 'success']]);
  });

  it('refuses other roles with 403 and records the denied attempt', async () => {
    const intruder = { practiceId, userId: randomUUID(), role: 'clinician' };
    await expect(searchAuditEvents(db, intruder, {})).rejects.toBeInstanceOf(ForbiddenProblem);
    const denied = await searchAuditEvents(db, owner, { actorUserId: intruder.userId });
    expect(denied.events.map((e) => [e.action, e.resourceType, e.outcome])).toEqual([['read', 'audit_log', 'denied']]);
  });

  it('answers bad input with a validation problem naming the field', async () => {
    const bad = async (f: unknown, p: unknown = {}): Promise<unknown> =>
      searchAuditEvents(db, owner, f as never, p as never).then(
        () => null,
        (e: unknown) => (e instanceof ValidationProblem ? e.errors : e),
      );
    expect(await bad({ clientId: 'nope' })).toEqual([{ field: 'query/clientId', message: 'expected a client id (uuid)' }]);
    expect(await bad({ outcome: 'maybe' })).toEqual([{ field: 'query/outcome', message: 'expected success, denied or error' }]);
    expect(await bad({ from: '2026-03-02T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toEqual([{ field: 'query/to', message: 'expected from to be before to' }]);
    expect(await bad({}, { cursor: 'garbage' })).toEqual([{ field: 'query/cursor', message: 'expected a cursor returned by a previous page' }]);
    expect(await bad({}, { limit: 5000 })).toEqual([{ field: 'query/limit', message: 'expected at most 1000' }]);
  });

  it('sees only its own practice', async () => {
    const other = await createTestPractice(db);
    const page = await searchAuditEvents(db, { ...owner, practiceId: other.id }, { clientId: clientA });
    expect(page.events).toEqual([]);
  });
});

describe('access report for one client', () => {
  it('lists who accessed the record, when and how, and is itself recorded', async () => {
    const report = await accessReport(db, owner, clientA, seeded);
    expect(report.events.map((e) => [e.occurredAt, e.actorUserId, e.action, e.resourceType, e.purposeOfUse])[0]).toEqual([
      '2026-03-01T10:00:00.000000Z',
      clinician,
      'read',
      'note',
      'treatment',
    ]);
    expect(report.events).toHaveLength(6);
    expect(report.summary).toEqual([
      { actorUserId: clinician, actorRole: 'clinician', action: 'read', resourceType: 'note', purposeOfUse: 'treatment', outcome: 'success', count: 6, firstAt: '2026-03-01T00:00:00.000000Z', lastAt: '2026-03-01T10:00:00.000000Z' },
    ]);
    const recorded = await withPracticeTx(db, owner, (tx) =>
      tx.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where resource_type = 'access_report' and subject_client_id = ${clientA} and actor_user_id = ${owner.userId}`),
    );
    expect(recorded[0]?.n).toBe(1);
  });
});
