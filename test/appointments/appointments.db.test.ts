import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeWithMembers, inviteAsOwner, syntheticEmail, TestClock } from '../support/identity.js';

/** Scheduling over HTTP: who books, who sees what on a calendar, overlaps, outcomes, restrictions. */
let db: Database;
let app: FastifyInstance;
const clock = new TestClock(new Date('2026-06-01T12:00:00Z'));
let practiceId: string;
let owner: Account;
let clinician: Account;
let colleague: Account;
let staff: Account;
let otherOwner: Account;
let clientId: string;
const DAY = '2030-03-04';
const at = (hhmm: string, day = DAY): string => `${day}T${hhmm}:00Z`;

interface View {
  id: string;
  clinicianId: string;
  clinicianName: string;
  clientId: string | null;
  clientDisplayName: string | null;
  startsAt: string;
  endsAt: string;
  modality: string;
  location: string | null;
  status: string;
  restricted: boolean;
}

async function book(who: Account, body: Record<string, unknown>): Promise<{ statusCode: number; view: View; body: string }> {
  const res = await who.caller.req('POST', '/api/practice/appointments', { clientId, clinicianId: clinician.userId, modality: 'in_person', ...body });
  return { statusCode: res.statusCode, view: res.json() as View, body: res.body };
}

async function day(who: Account, q: Record<string, string>): Promise<View[]> {
  const res = await who.caller.req('GET', `/api/practice/appointments?${new URLSearchParams(q).toString()}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { appointments: View[] }).appointments;
}

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  const main = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = main.practiceId;
  owner = main.owner;
  clinician = main.members.clinician!;
  staff = main.members.staff!;
  const email = syntheticEmail('colleague');
  colleague = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, 'clinician'), email, 'clinician');
  otherOwner = (await createPracticeWithMembers(app, clock, admin, [])).owner;
  const created = await clinician.caller.req('POST', '/api/practice/clients', { legalFirstName: 'Testy', legalLastName: 'McTestface', preferredName: 'Tess', dateOfBirth: '1990-01-01' });
  expect(created.statusCode).toBe(201);
  clientId = (created.json() as { id: string }).id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('booking', () => {
  it('staff book for a clinician; an overlapping booking is 409; back-to-back and over a cancelled slot are fine', async () => {
    const first = await book(staff, { startsAt: at('15:00'), endsAt: at('15:50'), modality: 'telehealth', location: 'https://video.example.test/room/synthetic' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.view).toMatchObject({ clientId, clientDisplayName: 'Tess McTestface', status: 'scheduled', modality: 'telehealth', location: 'https://video.example.test/room/synthetic' });
    const overlap = await book(owner, { startsAt: at('15:30'), endsAt: at('16:20') });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.body).toContain('appointment-overlap');
    const inside = await book(staff, { startsAt: at('15:10'), endsAt: at('15:20') });
    expect(inside.statusCode).toBe(409);
    expect((await book(staff, { startsAt: at('15:50'), endsAt: at('16:40') })).statusCode).toBe(201);
    // Another clinician at the same time is no conflict.
    expect((await book(staff, { clinicianId: colleague.userId, startsAt: at('15:00'), endsAt: at('15:50') })).statusCode).toBe(201);

    const cancelled = await book(staff, { startsAt: at('18:00'), endsAt: at('18:50') });
    const cancel = await staff.caller.req('PATCH', `/api/practice/appointments/${cancelled.view.id}`, { status: 'cancelled' });
    expect(cancel.json()).toMatchObject({ status: 'cancelled' });
    expect((await book(staff, { startsAt: at('18:00'), endsAt: at('18:50') })).statusCode).toBe(201);
    // Kept, not deleted.
    expect((await staff.caller.req('GET', `/api/practice/appointments/${cancelled.view.id}`)).json()).toMatchObject({ status: 'cancelled' });
  });

  it('rescheduling onto another appointment is 409; a finished appointment does not change', async () => {
    const a = await book(staff, { startsAt: at('09:00'), endsAt: at('09:50') });
    const b = await book(staff, { startsAt: at('10:00'), endsAt: at('10:50') });
    expect((await staff.caller.req('PATCH', `/api/practice/appointments/${b.view.id}`, { startsAt: at('09:30'), endsAt: at('10:20') })).statusCode).toBe(409);
    const moved = await staff.caller.req('PATCH', `/api/practice/appointments/${b.view.id}`, { startsAt: at('11:00'), endsAt: at('11:50') });
    expect(moved.json()).toMatchObject({ startsAt: '2030-03-04T11:00:00.000Z' });
    expect((await clinician.caller.req('PATCH', `/api/practice/appointments/${a.view.id}`, { status: 'no_show' })).json()).toMatchObject({ status: 'no_show' });
    const again = await clinician.caller.req('PATCH', `/api/practice/appointments/${a.view.id}`, { status: 'completed' });
    expect(again.statusCode).toBe(409);
  });

  it('bad times and bad input are 400 problems, and nothing is written', async () => {
    const count = async (): Promise<number> => asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from appointments where practice_id = ${practiceId}`))[0]!.n));
    const before = await count();
    expect((await book(staff, { startsAt: at('12:00'), endsAt: at('11:00') })).statusCode).toBe(400);
    expect((await book(staff, { startsAt: at('00:00'), endsAt: at('13:00') })).statusCode).toBe(400);
    expect((await book(staff, { startsAt: 'tomorrow', endsAt: at('13:00') })).statusCode).toBe(400);
    expect((await book(staff, { startsAt: at('12:00'), endsAt: at('12:50'), modality: 'carrier_pigeon' })).statusCode).toBe(400);
    expect((await book(staff, { clinicianId: staff.userId, startsAt: at('12:00'), endsAt: at('12:50') })).statusCode).toBe(400);
    expect((await book(staff, { clientId: randomUUID(), startsAt: at('12:00'), endsAt: at('12:50') })).statusCode).toBe(404);
    expect(await count()).toBe(before);
  });

  it('clinicians book only for themselves and see only their own calendar', async () => {
    expect((await book(colleague, { startsAt: at('20:00'), endsAt: at('20:50') })).statusCode).toBe(403);
    // The colleague is not on this client's care team: the client does not exist for them.
    expect((await book(colleague, { clinicianId: colleague.userId, startsAt: at('20:00'), endsAt: at('20:50') })).statusCode).toBe(404);
    expect((await colleague.caller.req('GET', `/api/practice/appointments?day=${DAY}&clinicianId=${clinician.userId}`)).statusCode).toBe(403);
    const own = await day(colleague, { day: DAY });
    expect(own.every((v) => v.clinicianId === colleague.userId)).toBe(true);
    const mine = await day(clinician, { day: DAY });
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((v) => v.clinicianId === clinician.userId)).toBe(true);
  });
});

describe('calendars', () => {
  it('the staff day view shows time, client display name, clinician and status, and nothing clinical', async () => {
    const views = await day(staff, { day: DAY, clinicianId: clinician.userId });
    expect(views.length).toBeGreaterThan(0);
    for (const v of views) {
      expect(Object.keys(v).sort()).toEqual(['clientDisplayName', 'clientId', 'clinicianId', 'clinicianName', 'endsAt', 'id', 'location', 'modality', 'restricted', 'startsAt', 'status']);
      expect(v.clientDisplayName).toBe('Tess McTestface');
    }
    // The clinician's name is identity data, stored as installation ciphertext: the view shows it readable.
    const members = (await staff.caller.req('GET', '/api/practice/members')).json() as { members: { userId: string; displayName: string }[] };
    const expected = members.members.find((m) => m.userId === clinician.userId)?.displayName;
    expect(expected).toBeTruthy();
    expect(views.every((v) => v.clinicianName === expected)).toBe(true);
    const starts = views.map((v) => v.startsAt);
    expect(starts).toEqual([...starts].sort());
    expect(views.every((v) => v.startsAt.startsWith(DAY))).toBe(true);
  });

  it('the day follows the given time zone', async () => {
    const late = await book(staff, { startsAt: '2030-03-05T03:00:00Z', endsAt: '2030-03-05T03:50:00Z' });
    expect(late.statusCode).toBe(201);
    expect((await day(staff, { day: DAY })).map((v) => v.id)).not.toContain(late.view.id);
    // 03:00 UTC on the 5th is 21:00 on the 4th in Chicago.
    expect((await day(staff, { day: DAY, tz: 'America/Chicago' })).map((v) => v.id)).toContain(late.view.id);
    expect((await staff.caller.req('GET', `/api/practice/appointments?day=${DAY}&tz=Mars/Olympus`)).statusCode).toBe(400);
  });

  it("a client's chart lists their appointments over a span of days, whoever holds them; out of reach is 404", async () => {
    const mine = await book(staff, { startsAt: at('10:00', '2030-04-01'), endsAt: at('10:50', '2030-04-01') });
    const theirs = await book(staff, { clinicianId: colleague.userId, startsAt: at('10:00', '2030-04-10'), endsAt: at('10:50', '2030-04-10') });
    const outside = await book(staff, { startsAt: at('10:00', '2030-05-02'), endsAt: at('10:50', '2030-05-02') });
    expect([mine.statusCode, theirs.statusCode, outside.statusCode]).toEqual([201, 201, 201]);
    const span = (who: Account, q = 'from=2030-04-01&to=2030-04-30') => who.caller.req('GET', `/api/practice/clients/${clientId}/appointments?${q}`);
    for (const who of [clinician, staff, owner]) {
      const res = await span(who);
      expect(res.statusCode, res.body).toBe(200);
      expect((res.json() as { appointments: View[] }).appointments.map((v) => v.id)).toEqual([mine.view.id, theirs.view.id]);
    }
    // Not on the care team (and holding no grant), or another practice: no such client.
    expect((await span(colleague)).statusCode).toBe(404);
    expect((await span(otherOwner)).statusCode).toBe(404);
    const reversed = await span(staff, 'from=2030-04-30&to=2030-04-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain('must not be before from');
    expect((await span(staff, 'from=2030-01-01&to=2032-01-01')).statusCode).toBe(400);
  });

  it('a time-zone alias is taken as its zone (a browser on a UTC host says Etc/UTC)', async () => {
    const res = await staff.caller.req('GET', `/api/practice/appointments?day=${DAY}&tz=Etc/UTC`);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { appointments: View[] }).appointments.map((v) => v.id)).toEqual((await day(staff, { day: DAY, tz: 'UTC' })).map((v) => v.id));
    expect((await staff.caller.req('GET', `/api/practice/appointments?day=${DAY}&tz=US/Central`)).statusCode).toBe(200);
  });

  it('a client under a care-team-only restriction is a busy slot to staff: no id, name or location', async () => {
    const c = await clinician.caller.req('POST', '/api/practice/clients', { legalFirstName: 'Testa', legalLastName: 'Restricted', dateOfBirth: '1985-05-05' });
    const restrictedId = (c.json() as { id: string }).id;
    const a = await book(staff, { clientId: restrictedId, startsAt: at('13:00', '2030-03-06'), endsAt: at('13:50', '2030-03-06'), location: 'Room 2' });
    expect(a.statusCode).toBe(201);
    expect((await owner.caller.req('POST', `/api/practice/clients/${restrictedId}/restrictions`, { kind: 'care_team_only', agreedOn: '2026-05-01' })).statusCode).toBe(201);
    const [slot] = await day(staff, { day: '2030-03-06' });
    expect(slot).toMatchObject({ id: a.view.id, restricted: true, clientId: null, clientDisplayName: null, location: null, status: 'scheduled' });
    expect((await staff.caller.req('GET', `/api/practice/appointments/${a.view.id}`)).statusCode).toBe(404);
    const [forCareTeam] = await day(clinician, { day: '2030-03-06' });
    expect(forCareTeam).toMatchObject({ restricted: false, clientId: restrictedId, clientDisplayName: 'Testa Restricted', location: 'Room 2' });
    // Booking a restricted client is refused to those it is restricted from.
    expect((await book(staff, { clientId: restrictedId, startsAt: at('15:00', '2030-03-06'), endsAt: at('15:50', '2030-03-06') })).statusCode).toBe(404);
  });

  it('another practice never sees the appointments; the location is stored encrypted; reads are audited per appointment', async () => {
    const a = await book(staff, { startsAt: at('07:00'), endsAt: at('07:50'), location: 'Synthetic Street 1' });
    expect((await otherOwner.caller.req('GET', `/api/practice/appointments/${a.view.id}`)).statusCode).toBe(404);
    expect((await otherOwner.caller.req('PATCH', `/api/practice/appointments/${a.view.id}`, { status: 'cancelled' })).statusCode).toBe(404);
    expect(await day(otherOwner, { day: DAY })).toEqual([]);
    const stored = await asSuperuser(db, async (run) => (await run(sql`select location from appointments where id = ${a.view.id}`))[0]!.location as string);
    expect(stored).toMatch(/^cf1\.k\d+\./);
    expect(stored).not.toContain('Synthetic');
    const reads = sql`practice_id = ${practiceId} and action = 'read' and resource_type = 'appointment' and actor_user_id = ${owner.userId}`;
    const before = await asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from audit_events where ${reads}`))[0]!.n));
    const shown = await day(owner, { day: DAY });
    const after = await asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from audit_events where ${reads}`))[0]!.n));
    expect(after - before).toBe(shown.filter((v) => !v.restricted).length);
  });
});
