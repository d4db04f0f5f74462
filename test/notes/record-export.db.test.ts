import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, createOperatorAdmin, createPracticeWithMembers, TestClock } from '../support/identity.js';
import { addMember, clientWithTeam, practiceRows, SOAP } from './support.js';

/**
 * The client record export (45 CFR 164.524 basis): signed and draft progress notes and treatment
 * plans with their signature check; 42 CFR Part 2 notes only on explicit request, the choice audited.
 */
let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let practiceId: string;
let owner: Account;
let clinician: Account;
let staff: Account;
let outsider: Account;
let clientId: string;
const ids: Record<string, string> = {};

const notes = (): string => `/api/practice/clients/${clientId}/notes`;
const exportUrl = (q = ''): string => `/api/practice/clients/${clientId}/record-export${q}`;
type Exported = {
  clientId: string;
  part2: { included: boolean; notice: string | null };
  excluded: string[];
  progressNotes: { id: string; status: string; part2: boolean; content: Record<string, string>; verification: { valid: boolean; reason: string } }[];
  treatmentPlans: { id: string; status: string }[];
};

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = p.practiceId;
  owner = p.owner;
  clinician = p.members.clinician as Account;
  staff = p.members.staff as Account;
  outsider = await addMember(app, clock, owner, 'clinician');
  clientId = await clientWithTeam(owner, [clinician]);
  const create = async (body: Record<string, unknown>): Promise<string> => {
    const res = await clinician.caller.req('POST', notes(), body);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  ids.signed = await create({ format: 'soap', content: SOAP });
  expect((await clinician.caller.req('POST', `${notes()}/${ids.signed}/sign`, { version: 1 })).statusCode).toBe(200);
  ids.draft = await create({ format: 'dap', content: { data: 'Draft data section.' } });
  ids.part2 = await create({ format: 'girp', content: { goals: 'Reduce alcohol use.', plan: 'Weekly group.' }, part2: true });
  expect((await clinician.caller.req('POST', `${notes()}/${ids.part2}/sign`, { version: 1 })).statusCode).toBe(200);
  const addendum = await clinician.caller.req('POST', `${notes()}/${ids.part2}/addenda`, { content: { text: 'Attended group.' } });
  ids.part2Addendum = (addendum.json() as { id: string }).id;
  const plan = await clinician.caller.req('POST', `/api/practice/clients/${clientId}/treatment-plans`, { content: { problems: [{ description: 'Low mood' }] } });
  ids.plan = (plan.json() as { id: string }).id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('record export', () => {
  it('holds signed and draft notes and plans with their signature check, and leaves Part 2 notes out by default', async () => {
    const res = await owner.caller.req('GET', exportUrl());
    expect(res.statusCode).toBe(200);
    const body = res.json() as Exported;
    expect(body.clientId).toBe(clientId);
    expect(body.part2).toEqual({ included: false, notice: null });
    expect(body.progressNotes.map((n) => n.id).sort()).toEqual([ids.signed, ids.draft].sort());
    expect(body.progressNotes.find((n) => n.id === ids.signed)).toMatchObject({ status: 'signed', content: SOAP, verification: { valid: true, reason: 'ok' } });
    expect(body.progressNotes.find((n) => n.id === ids.draft)).toMatchObject({ status: 'draft', verification: { valid: false, reason: 'unsigned' } });
    expect(body.treatmentPlans.map((p) => p.id)).toEqual([ids.plan]);
    // Neither the Part 2 note nor its addendum, nor their text, nor a count of them.
    expect(res.body).not.toContain(ids.part2);
    expect(res.body).not.toContain(ids.part2Addendum);
    expect(res.body).not.toContain('alcohol');
  });

  it('includes Part 2 notes (and their addenda, Part 2 by inheritance) only with includePart2=true, with the redisclosure notice', async () => {
    const addendum = (await clinician.caller.req('GET', `${notes()}/${ids.part2Addendum}`)).json() as { part2: boolean };
    expect(addendum.part2).toBe(true);
    const res = await clinician.caller.req('GET', exportUrl('?includePart2=true'));
    expect(res.statusCode).toBe(200);
    const body = res.json() as Exported;
    expect(body.part2.included).toBe(true);
    expect(body.part2.notice).toMatch(/42 CFR part 2/);
    expect(body.progressNotes.map((n) => n.id)).toEqual(expect.arrayContaining([ids.part2, ids.part2Addendum]));
    expect(body.progressNotes.find((n) => n.id === ids.part2)).toMatchObject({ part2: true, verification: { valid: true } });
  });

  it('records each export with purpose client_request and the Part 2 choice; the disclosure of Part 2 records separately', async () => {
    const before = await practiceRows<{ n: number }>(db, practiceId, sql`select count(*)::int as n from audit_events where subject_client_id = ${clientId} and action in ('export', 'disclose')`);
    await owner.caller.req('GET', exportUrl('?includePart2=false'));
    await owner.caller.req('GET', exportUrl('?includePart2=true'));
    const events = await practiceRows<{ action: string; resource_type: string; resource_id: string | null; purpose_of_use: string }>(
      db,
      practiceId,
      sql`select action, resource_type, resource_id, purpose_of_use from audit_events where subject_client_id = ${clientId} and action in ('export', 'disclose') order by occurred_at, id`,
    );
    // Events of one transaction share a time, so their order is not asserted.
    const added = events.slice(before[0]!.n);
    expect(added).toHaveLength(3);
    expect(added).toEqual(
      expect.arrayContaining([
        { action: 'export', resource_type: 'client_record', resource_id: 'part2_withheld', purpose_of_use: 'client_request' },
        { action: 'export', resource_type: 'client_record', resource_id: 'part2_included', purpose_of_use: 'client_request' },
        { action: 'disclose', resource_type: 'part_two_record', resource_id: null, purpose_of_use: 'client_request' },
      ]),
    );
  });

  it('staff 403, a clinician outside the care team 404, a bad flag 400', async () => {
    expect((await staff.caller.req('GET', exportUrl())).statusCode).toBe(403);
    expect((await outsider.caller.req('GET', exportUrl())).statusCode).toBe(404);
    const bad = await owner.caller.req('GET', exportUrl('?includePart2=yes'));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});
