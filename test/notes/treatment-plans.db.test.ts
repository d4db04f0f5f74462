import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, createOperatorAdmin, createPracticeWithMembers, TestClock } from '../support/identity.js';
import { clientWithTeam, failsWith, practiceRows } from './support.js';

/** Treatment plans: content, versions, diffs, completeness at signing, lock, verify: the notes' store. */
let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let practiceId: string;
let clinician: Account;
let staff: Account;
let clientId: string;

const plans = (): string => `/api/practice/clients/${clientId}/treatment-plans`;
const PLAN = {
  problems: [
    {
      description: 'Depressed mood interfering with work',
      goals: [{ description: 'Return to full-time work', objectives: [{ description: 'Lower PHQ-9', measure: 'PHQ-9 total below 10 twice in a row', targetDate: '2027-03-01' }] }],
      interventions: [{ description: 'Behavioural activation', frequency: 'weekly, 50 minutes' }],
    },
  ],
  startDate: '2026-12-01',
  reviewDate: '2027-03-01',
};

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = p.practiceId;
  clinician = p.members.clinician as Account;
  staff = p.members.staff as Account;
  clientId = await clientWithTeam(p.owner, [clinician]);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('treatment plans', () => {
  it('are drafted, versioned, diffed, refused for signing while incomplete, then signed, locked and verified', async () => {
    const draft = { problems: [{ description: 'Depressed mood interfering with work' }] };
    const created = await clinician.caller.req('POST', plans(), { content: draft });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json() as { id: string; version: number; content: typeof PLAN };
    expect(plan.content.problems[0]).toMatchObject({ goals: [], interventions: [] });

    const incomplete = await clinician.caller.req('POST', `${plans()}/${plan.id}/sign`, { version: 1 });
    expect(incomplete.statusCode).toBe(400);
    const fields = (incomplete.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['content/problems/0/goals', 'content/problems/0/interventions', 'content/reviewDate']));

    const saved = await clinician.caller.req('PUT', `${plans()}/${plan.id}`, { baseVersion: 1, content: PLAN });
    expect(saved.json()).toMatchObject({ version: 2 });
    const diff = (await clinician.caller.req('GET', `${plans()}/${plan.id}/versions/1/diff/2`)).json() as { sections: { section: string; changed: boolean; parts: { op: string; text: string }[] }[] };
    expect(diff.sections.map((s) => [s.section, s.changed])).toEqual([
      ['problem-1', true],
      ['dates', true],
    ]);
    expect(diff.sections[0]!.parts.filter((p) => p.op === 'insert').map((p) => p.text).join(' ')).toContain('Behavioural');

    const signed = await clinician.caller.req('POST', `${plans()}/${plan.id}/sign`, { version: 2 });
    expect(signed.statusCode).toBe(200);
    expect((await clinician.caller.req('GET', `${plans()}/${plan.id}/verify`)).json()).toMatchObject({ valid: true });
    expect((await clinician.caller.req('PUT', `${plans()}/${plan.id}`, { baseVersion: 2, content: PLAN })).statusCode).toBe(409);
    expect(await failsWith(db, practiceId, sql`update treatment_plans set current_version = 3 where id = ${plan.id}`)).toBe('55000');

    // A revised plan is an amendment; the signed one stays.
    const revised = { ...PLAN, reviewDate: '2027-04-01' };
    const amendment = await clinician.caller.req('POST', `${plans()}/${plan.id}/amendments`, { content: revised });
    expect(amendment.statusCode).toBe(201);
    expect(amendment.json()).toMatchObject({ kind: 'amendment', parentId: plan.id, content: { reviewDate: '2027-04-01' } });
    expect(((await clinician.caller.req('GET', `${plans()}/${plan.id}`)).json() as { content: typeof PLAN }).content.reviewDate).toBe('2027-03-01');
  });

  it('refuses malformed plans with field errors and writes nothing; staff are refused', async () => {
    const before = await practiceRows<{ n: number }>(db, practiceId, sql`select count(*)::int as n from treatment_plans`);
    for (const content of [{ problems: 'many' }, { reviewDate: 'next spring' }, { problems: [{ description: 'x', goals: [{ description: 'y', objectives: [{ description: 'z', targetDate: '2027-13-45' }] }] }] }, { diagnosis: 'unknown key' }]) {
      const res = await clinician.caller.req('POST', plans(), { content });
      expect(res.statusCode, JSON.stringify(content)).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const after = await practiceRows<{ n: number }>(db, practiceId, sql`select count(*)::int as n from treatment_plans`);
    expect(after[0]!.n).toBe(before[0]!.n);
    expect((await staff.caller.req('GET', plans())).statusCode).toBe(403);
    expect((await staff.caller.req('POST', plans(), { content: PLAN })).statusCode).toBe(403);
  });
});
