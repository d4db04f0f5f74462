import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, SqlRunner } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { findPlaintextPhi } from '../../src/platform/crypto/phi-inspect.js';
import { asSuperuser, openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeWithMembers, inviteAsOwner, syntheticEmail, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock(new Date('2026-06-01T12:00:00Z'));
let practiceId: string;
let owner: Account;
let clinician: Account;
let otherClinician: Account;
let staff: Account;
let otherOwner: Account;
const clientId = randomUUID();

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  const main = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = main.practiceId;
  owner = main.owner;
  clinician = main.members.clinician!;
  staff = main.members.staff!;
  const email = syntheticEmail('clinician2');
  otherClinician = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, 'clinician'), email, 'clinician');
  await putOnCareTeam(clientId);
  otherOwner = (await createPracticeWithMembers(app, clock, admin, [])).owner;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

async function putOnCareTeam(id: string): Promise<void> {
  expect((await owner.caller.req('PUT', `/api/practice/clients/${id}/care-team/${clinician.userId}`)).statusCode).toBe(204);
}

/** PHQ-9 answers adding up to `total` with item 9 at `q9` (filled from item 1 on). */
function phq9Answers(total: number, q9 = 0): Record<string, number> {
  const a: Record<string, number> = { q9 };
  let left = total - q9;
  for (const id of ['q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8']) {
    a[id] = Math.min(3, left);
    left -= a[id];
  }
  if (left !== 0) throw new Error('unreachable total');
  return a;
}

const base = (id = clientId) => `/api/practice/clients/${id}`;
const administer = (who: Account, body: unknown, id = clientId) => who.caller.req('POST', `${base(id)}/assessments`, body);
const asPractice = <T>(work: (tx: SqlRunner) => Promise<T>) => withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, work);
const auditCount = (action: string, resourceId?: string) =>
  asPractice((tx) =>
    tx.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where action = ${action} and (${resourceId ?? null}::text is null or resource_id = ${resourceId ?? null}::text)`),
  ).then((r) => r[0]!.n);
const administrationCount = (id = clientId) =>
  asPractice((tx) => tx.rows<{ n: number }>(sql`select count(*)::int as n from assessment_administrations where client_id = ${id}`)).then((r) => r[0]!.n);

describe('administering an instrument', () => {
  let assessmentId: string;

  it('a care-team clinician records a PHQ-9: scored by Kroenke 2001 bands, stored, no alert when item 9 is 0', async () => {
    const res = await administer(clinician, { instrumentId: 'phq-9', answers: { ...phq9Answers(12), difficulty: 1 } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.result).toMatchObject({ instrumentId: 'phq-9', instrumentVersion: '1', total: 12, maxTotal: 27, band: 'moderate', method: 'in_session', administeredBy: clinician.userId });
    expect(body.result.administeredAt).toBe(clock.now().toISOString());
    expect(body.crisisAlertIds).toEqual([]);
    assessmentId = body.id;
    expect(await auditCount('create', assessmentId)).toBe(1);
  });

  it('one administration reads back with every item text and answer, and the read is audited', async () => {
    const res = await clinician.caller.req('GET', `${base()}/assessments/${assessmentId}`);
    expect(res.statusCode).toBe(200);
    const d = res.json();
    expect(d.total).toBe(12);
    expect(d.items).toHaveLength(10);
    expect(d.items[0]).toEqual({ id: 'q1', text: 'Little interest or pleasure in doing things', scored: true, answer: 3, answerLabel: 'Nearly every day' });
    expect(d.items[9]).toMatchObject({ id: 'difficulty', scored: false, answer: 1, answerLabel: 'Somewhat difficult' });
    expect(d.source).toMatch(/Kroenke/);
    expect(await auditCount('read', assessmentId)).toBe(1);
  });

  it('PCL-5 stores the provisional-diagnosis result (cluster rule) and the cut-point', async () => {
    const answers = Object.fromEntries(Array.from({ length: 20 }, (_, n) => [`q${n + 1}`, 0]));
    for (const q of ['q1', 'q6', 'q8', 'q9', 'q15', 'q16']) answers[q] = 2;
    const res = await administer(clinician, { instrumentId: 'pcl-5', answers });
    expect(res.statusCode).toBe(201);
    expect(res.json().result).toMatchObject({ total: 12, band: null, provisionalDiagnosis: { met: true }, cutPoint: { atLeast: 33, met: false } });
    expect(res.json().result.clusters).toMatchObject({ B: { endorsed: 1 }, C: { endorsed: 1 }, D: { endorsed: 2 }, E: { endorsed: 2 } });
  });

  it('answers, totals and bands are ciphertext in the database; no registered PHI column holds plain text', async () => {
    const rows = await asSuperuser(db, (run) => run(sql`select answers::text as answers, score::text as score from assessment_administrations where id = ${assessmentId}`));
    expect(rows).toHaveLength(1);
    const row = rows[0] as { answers: string; score: string };
    for (const v of [row.answers, row.score]) {
      expect(v).toMatch(/^cf1\.k\d+\./);
      expect(v).not.toMatch(/moderate|total|q9|"/);
    }
    expect(await asSuperuser(db, (run) => findPlaintextPhi({ rows: run as SqlRunner['rows'], exec: async () => undefined, orm: db.orm }))).toEqual([]);
  });

  it('lists administrations newest first for the care team and the owner', async () => {
    for (const who of [clinician, owner]) {
      const res = await who.caller.req('GET', `${base()}/assessments`);
      expect(res.statusCode).toBe(200);
      // Same administration time: the later recorded comes first.
      expect(res.json().assessments.map((a: { instrumentId: string }) => a.instrumentId)).toEqual(['pcl-5', 'phq-9']);
    }
    const filtered = await clinician.caller.req('GET', `${base()}/assessments?instrument=pcl-5`);
    expect(filtered.json().assessments).toHaveLength(1);
  });

  it('staff key in a paper form and get back only its id; they cannot read any result (403)', async () => {
    const res = await administer(staff, { instrumentId: 'gad-7', method: 'paper_form', administeredAt: '2026-05-30T09:00:00Z', answers: { q1: 1, q2: 1, q3: 1, q4: 1, q5: 1, q6: 1, q7: 1 } });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json()).sort()).toEqual(['administeredAt', 'id', 'instrumentId', 'method']);
    const inSession = await administer(staff, { instrumentId: 'gad-7', method: 'in_session', answers: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } });
    expect(inSession.statusCode).toBe(403);
    for (const url of [`${base()}/assessments`, `${base()}/assessments/${res.json().id}`, `${base()}/assessments/trend?instrument=gad-7`]) {
      const r = await staff.caller.req('GET', url);
      expect(r.statusCode, url).toBe(403);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
    }
    // The clinician sees what staff entered, scored.
    const d = await clinician.caller.req('GET', `${base()}/assessments/${res.json().id}`);
    expect(d.json()).toMatchObject({ total: 7, band: 'mild', method: 'paper_form', administeredBy: staff.userId, administeredAt: '2026-05-30T09:00:00.000Z' });
  });

  it('a clinician off the care team and another practice reach nothing (404)', async () => {
    expect((await otherClinician.caller.req('GET', `${base()}/assessments`)).statusCode).toBe(404);
    expect((await administer(otherClinician, { instrumentId: 'phq-9', answers: phq9Answers(0) })).statusCode).toBe(404);
    expect((await otherOwner.caller.req('GET', `${base()}/assessments/${assessmentId}`)).statusCode).toBe(404);
  });
});

describe('bad input: 400 problem+json naming the items, nothing written', () => {
  it.each([
    ['a missing item and a value out of range', { instrumentId: 'phq-9', answers: { ...phq9Answers(3), q2: 7, q4: undefined } }, ['body/answers/q2', 'body/answers/q4']],
    ['an item the instrument does not have', { instrumentId: 'gad-7', answers: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 1 } }, ['body/answers/q8']],
    ['a fractional answer', { instrumentId: 'gad-7', answers: { q1: 0.5, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } }, ['body/answers/q1']],
    ['an instrument the installation does not ship (the C-SSRS is licensed)', { instrumentId: 'c-ssrs', answers: { q1: 1 } }, ['body/instrumentId']],
    ['a date in the future', { instrumentId: 'phq-9', administeredAt: '2026-06-02T12:00:00Z', answers: phq9Answers(2) }, ['body/administeredAt']],
  ])('%s', async (_label, body, fields) => {
    const before = await administrationCount();
    const alertsBefore = await auditCount('crisis_alert_raise');
    const res = await administer(clinician, JSON.parse(JSON.stringify(body)));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(await administrationCount()).toBe(before);
    expect(await auditCount('crisis_alert_raise')).toBe(alertsBefore);
  });

  it('a body that is not an object of answers is refused by the schema', async () => {
    const res = await administer(clinician, { instrumentId: 'phq-9', answers: { q1: 'often' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('trend', () => {
  it('gives the points and the change at each step, flagged at the published thresholds', async () => {
    const id = randomUUID();
    await putOnCareTeam(id);
    const series: [string, number][] = [
      ['2026-02-01T10:00:00Z', 19],
      ['2026-03-01T10:00:00Z', 13],
      ['2026-04-01T10:00:00Z', 11],
      ['2026-05-01T10:00:00Z', 4],
    ];
    // Recorded out of order: the trend follows administration time, not entry time.
    for (const [at, total] of [series[2]!, series[0]!, series[3]!, series[1]!]) {
      expect((await administer(clinician, { instrumentId: 'phq-9', administeredAt: at, answers: phq9Answers(total) }, id)).statusCode).toBe(201);
    }
    await administer(clinician, { instrumentId: 'gad-7', administeredAt: '2026-03-15T10:00:00Z', answers: { q1: 3, q2: 3, q3: 3, q4: 3, q5: 0, q6: 0, q7: 0 } }, id);
    const res = await clinician.caller.req('GET', `${base(id)}/assessments/trend?instrument=phq-9`);
    expect(res.statusCode).toBe(200);
    const t = res.json();
    expect(t.reliableChange.points).toBe(5);
    expect(t.points.map((p: { administeredAt: string; total: number; band: string }) => [p.administeredAt, p.total, p.band])).toEqual([
      ['2026-02-01T10:00:00.000Z', 19, 'moderately severe'],
      ['2026-03-01T10:00:00.000Z', 13, 'moderate'],
      ['2026-04-01T10:00:00.000Z', 11, 'moderate'],
      ['2026-05-01T10:00:00.000Z', 4, 'minimal'],
    ]);
    expect(t.points.map((p: { change: unknown }) => p.change)).toEqual([
      null,
      { delta: -6, bandChanged: true, reliableChange: true, direction: 'improved' },
      { delta: -2, bandChanged: false, reliableChange: false, direction: 'no_reliable_change' },
      { delta: -7, bandChanged: true, reliableChange: true, direction: 'improved' },
    ]);
    expect(t.overall).toEqual({ delta: -15, bandChanged: true, reliableChange: true, direction: 'improved' });
    const gad = (await clinician.caller.req('GET', `${base(id)}/assessments/trend?instrument=gad-7`)).json();
    expect(gad.points).toHaveLength(1);
    expect(gad.points[0]).toMatchObject({ total: 12, band: 'moderate', change: null });
    expect(gad.reliableChange.points).toBe(4);
  });

  it('an unknown instrument is a 400', async () => {
    const res = await clinician.caller.req('GET', `${base()}/assessments/trend?instrument=c-ssrs`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('crisis alerts from PHQ-9 item 9', () => {
  let alertId: string;
  let administrationId: string;

  it('item 9 above zero raises an alert even at a minimal total, audited as crisis_alert_raise, answer encrypted', async () => {
    const res = await administer(clinician, { instrumentId: 'phq-9', answers: phq9Answers(2, 1) });
    expect(res.statusCode).toBe(201);
    expect(res.json().result.band).toBe('minimal');
    expect(res.json().crisisAlertIds).toHaveLength(1);
    alertId = res.json().crisisAlertIds[0];
    administrationId = res.json().id;
    expect(await auditCount('crisis_alert_raise', alertId)).toBe(1);
    const raw = await asSuperuser(db, (run) => run(sql`select answer_value::text as v, item_id, status from crisis_alerts where id = ${alertId}`));
    expect(raw[0]).toMatchObject({ item_id: 'q9', status: 'open' });
    expect((raw[0] as { v: string }).v).toMatch(/^cf1\.k\d+\./);
  });

  it('the care team and the owner see it with its evidence; staff and other clinicians do not', async () => {
    for (const who of [clinician, owner]) {
      const res = await who.caller.req('GET', '/api/practice/crisis-alerts?status=open');
      expect(res.statusCode).toBe(200);
      const alert = res.json().alerts.find((a: { id: string }) => a.id === alertId);
      expect(alert).toMatchObject({ clientId, administrationId, instrumentId: 'phq-9', itemId: 'q9', answerValue: 1, answerLabel: 'Several days', status: 'open', kind: 'crisis' });
      expect(alert.itemText).toMatch(/better off dead/);
    }
    const perClient = await clinician.caller.req('GET', `${base()}/crisis-alerts`);
    expect(perClient.json().alerts.map((a: { id: string }) => a.id)).toContain(alertId);

    const other = await otherClinician.caller.req('GET', '/api/practice/crisis-alerts?status=all');
    expect(other.statusCode).toBe(200);
    expect(other.json().alerts).toEqual([]);
    expect((await otherClinician.caller.req('GET', `${base()}/crisis-alerts`)).statusCode).toBe(404);
    expect((await staff.caller.req('GET', '/api/practice/crisis-alerts')).statusCode).toBe(403);
    expect((await staff.caller.req('GET', `${base()}/crisis-alerts`)).statusCode).toBe(403);
    const foreign = await otherOwner.caller.req('GET', '/api/practice/crisis-alerts?status=all');
    expect(foreign.statusCode).toBe(200);
    expect(foreign.json().alerts).toEqual([]);
    // Each alert shown was recorded with its client.
    expect(await auditCount('read', alertId)).toBeGreaterThanOrEqual(2);
  });

  it('a restriction (164.522(a)) narrows the practice-wide list: care-team-only hides it from the owner until lifted', async () => {
    const made = await owner.caller.req('POST', `/api/practice/clients/${clientId}/restrictions`, { kind: 'care_team_only', agreedOn: '2026-05-01' });
    expect(made.statusCode).toBe(201);
    const ownerIds = async (): Promise<string[]> =>
      ((await owner.caller.req('GET', '/api/practice/crisis-alerts?status=all')).json().alerts as { id: string }[]).map((a) => a.id);
    expect(await ownerIds()).not.toContain(alertId);
    const mine = (await clinician.caller.req('GET', '/api/practice/crisis-alerts?status=all')).json().alerts as { id: string }[];
    expect(mine.map((a) => a.id)).toContain(alertId);
    const lifted = await owner.caller.req('DELETE', `/api/practice/clients/${clientId}/restrictions/${made.json().id}?reason=client_request`);
    expect(lifted.statusCode).toBe(200);
    expect(await ownerIds()).toContain(alertId);
  });

  it('a paper form keyed in by staff raises the alert too', async () => {
    const res = await administer(staff, { instrumentId: 'phq-9', method: 'paper_form', answers: phq9Answers(20, 3) });
    expect(res.statusCode).toBe(201);
    expect(res.json().crisisAlertIds).toBeUndefined();
    const list = (await clinician.caller.req('GET', `${base()}/crisis-alerts`)).json().alerts;
    expect(list.find((a: { administrationId: string }) => a.administrationId === res.json().id)).toMatchObject({ answerValue: 3, status: 'open' });
  });

  it('a clinician acknowledges then resolves it with codes; who and when are kept; steps out of order are 409', async () => {
    expect((await staff.caller.req('POST', `${base()}/crisis-alerts/${alertId}/acknowledge`, { code: 'reviewed' })).statusCode).toBe(403);
    expect((await otherClinician.caller.req('POST', `${base()}/crisis-alerts/${alertId}/acknowledge`, { code: 'reviewed' })).statusCode).toBe(404);
    const bad = await clinician.caller.req('POST', `${base()}/crisis-alerts/${alertId}/acknowledge`, { code: 'free text about the client' });
    expect(bad.statusCode).toBe(400);

    clock.advance(60_000);
    const ack = await clinician.caller.req('POST', `${base()}/crisis-alerts/${alertId}/acknowledge`, { code: 'client_contacted' });
    expect(ack.statusCode).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: clinician.userId, acknowledgedAt: clock.now().toISOString(), acknowledgeCode: 'client_contacted' });
    expect((await clinician.caller.req('POST', `${base()}/crisis-alerts/${alertId}/acknowledge`, { code: 'reviewed' })).statusCode).toBe(409);

    const open = (await clinician.caller.req('GET', '/api/practice/crisis-alerts?status=open')).json().alerts;
    expect(open.map((a: { id: string }) => a.id)).not.toContain(alertId);

    const resolved = await clinician.caller.req('POST', `${base()}/crisis-alerts/${alertId}/resolve`, { code: 'safety_plan_in_place' });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedBy: clinician.userId, resolveCode: 'safety_plan_in_place', acknowledgeCode: 'client_contacted' });
    expect((await clinician.caller.req('POST', `${base()}/crisis-alerts/${alertId}/resolve`, { code: 'safety_plan_in_place' })).statusCode).toBe(409);
    expect(await auditCount('crisis_alert_acknowledge', alertId)).toBe(1);
    expect(await auditCount('crisis_alert_resolve', alertId)).toBe(1);
    const done = (await owner.caller.req('GET', '/api/practice/crisis-alerts?status=resolved')).json().alerts;
    expect(done.map((a: { id: string }) => a.id)).toContain(alertId);
  });

  it('an unknown alert is 404 and a bad status filter is 400', async () => {
    expect((await clinician.caller.req('POST', `${base()}/crisis-alerts/${randomUUID()}/resolve`, { code: 'entered_in_error' })).statusCode).toBe(404);
    const res = await clinician.caller.req('GET', '/api/practice/crisis-alerts?status=urgent');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('administrations and alerts cannot be deleted, and administrations cannot be changed, by the application role', async () => {
    const attempt = (q: ReturnType<typeof sql>) => asPractice((tx) => tx.rows(q)).then(() => 'ok', (e: unknown) => String((e as Error).message));
    expect(await attempt(sql`update assessment_administrations set method = 'paper_form' where id = ${administrationId}`)).toMatch(/permission denied/);
    expect(await attempt(sql`delete from assessment_administrations where id = ${administrationId}`)).toMatch(/permission denied/);
    expect(await attempt(sql`delete from crisis_alerts where id = ${alertId}`)).toMatch(/permission denied/);
  });
});
