import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, createOperatorAdmin, createPracticeWithMembers, TestClock } from '../support/identity.js';

/**
 * Client records over HTTP: create, read, update, search through blind indexes, who sees which
 * client (care team, staff, restrictions), discharge and reactivation, and that nothing is deleted.
 */
let db: Database;
let app: FastifyInstance;
const clock = new TestClock(new Date('2026-06-01T12:00:00Z'));
let practiceId: string;
let owner: Account;
let clinician: Account;
let colleague: Account;
let staff: Account;
let otherOwner: Account;
const tag = randomUUID().slice(0, 6);

interface ClientView {
  id: string;
  displayName: string;
  status: string;
  dischargedOn: string | null;
  dischargeReason: string | null;
  minor: boolean;
  demographics: Record<string, string | undefined>;
  contactPreferences: Record<string, unknown>;
}

const person = (n: string, extra: Record<string, unknown> = {}) => ({
  legalFirstName: `Testy${n}`,
  legalLastName: `McTestface${tag}`,
  dateOfBirth: '1990-04-01',
  ...extra,
});

async function create(who: Account, body: unknown): Promise<ClientView> {
  const res = await who.caller.req('POST', '/api/practice/clients', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as ClientView;
}

const ids = (res: { json(): unknown }): string[] => (res.json() as { clients: ClientView[] }).clients.map((c) => c.id);

async function countClients(practice: string): Promise<number> {
  return asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from clients where practice_id = ${practice}`))[0]!.n));
}

async function auditCount(where: ReturnType<typeof sql>): Promise<number> {
  return asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from audit_events where ${where}`))[0]!.n));
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
  const second = await createPracticeWithMembers(app, clock, admin, ['clinician']);
  otherOwner = second.owner;
  // A second clinician in the main practice.
  const { acceptAndOnboard, inviteAsOwner, syntheticEmail } = await import('../support/identity.js');
  const email = syntheticEmail('colleague');
  colleague = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, 'clinician'), email, 'clinician');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('creating and reading a client', () => {
  it('staff create a client; the record round-trips; contact preferences default to no contact', async () => {
    const c = await create(staff, person('Alpha', { preferredName: 'Tess', pronouns: 'she/her', email: `client.alpha.${tag}@example.test`, phone: '(201) 555-0101' }));
    expect(c.displayName).toBe(`Tess McTestface${tag}`);
    expect(c.demographics.phone).toBe('+12015550101');
    expect(c.contactPreferences).toEqual({ preferredChannel: null, okToLeaveVoicemail: false, okToText: false, okToEmail: false, okToMail: false });
    expect(c.status).toBe('active');
    const read = await staff.caller.req('GET', `/api/practice/clients/${c.id}`);
    expect(read.statusCode).toBe(200);
    expect((read.json() as ClientView).demographics.legalFirstName).toBe('TestyAlpha');
    // Staff created it: no care team, so a clinician does not reach it.
    expect((await clinician.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(404);
    expect(await auditCount(sql`practice_id = ${practiceId} and action = 'create' and resource_type = 'client_demographics' and subject_client_id = ${c.id}`)).toBe(1);
    expect(await auditCount(sql`practice_id = ${practiceId} and action = 'read' and resource_type = 'client_demographics' and subject_client_id = ${c.id}`)).toBe(1);
  });

  it('a clinician who creates a client joins its care team, in the same transaction', async () => {
    const c = await create(clinician, person('Bravo'));
    expect((await clinician.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(200);
    const access = await clinician.caller.req('GET', `/api/practice/clients/${c.id}/access`);
    expect(access.json()).toMatchObject({ careTeam: true, read: true });
  });

  it('bad input is a 400 problem naming the field, never the value, and writes nothing', async () => {
    const before = await countClients(practiceId);
    const res = await staff.caller.req('POST', '/api/practice/clients', person('Charlie', { email: 'not-an-email-Zq9', dateOfBirth: '1990-13-45' }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).not.toContain('Zq9');
    expect(res.body).not.toContain('1990-13-45');
    // A minor needs a guardian: checked on the whole record.
    const minor = await staff.caller.req('POST', '/api/practice/clients', person('Minor', { dateOfBirth: '2015-02-02' }));
    expect(minor.statusCode).toBe(400);
    expect((minor.json() as { errors: { field: string }[] }).errors).toEqual([{ field: 'body/guardianName', message: 'required for a client under 18' }]);
    expect(await countClients(practiceId)).toBe(before);
    const guarded = await create(staff, person('Minor', { dateOfBirth: '2015-02-02', guardianName: 'Guardian Synthetic', guardianPhone: '+12015550100' }));
    expect(guarded.minor).toBe(true);
  });

  it('another practice cannot read, change or even see the client (404)', async () => {
    const c = await create(staff, person('Delta'));
    expect((await otherOwner.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(404);
    expect((await otherOwner.caller.req('PATCH', `/api/practice/clients/${c.id}`, { pronouns: 'they/them' })).statusCode).toBe(404);
    expect(ids(await otherOwner.caller.req('GET', '/api/practice/clients?limit=100'))).not.toContain(c.id);
  });
});

describe('search through blind indexes', () => {
  let target: ClientView;
  let otherPracticeTwin: ClientView;
  beforeAll(async () => {
    target = await create(staff, person('Echo', { preferredName: 'Ecco', email: `Client.Echo.${tag}@Example.test`, phone: '+1 (201) 555-0142' }));
    await create(staff, person('Foxtrot', { email: `client.foxtrot.${tag}@example.test`, phone: '+12015550143' }));
    // The same person in another practice: never found from this one.
    otherPracticeTwin = await create(otherOwner, person('Echo', { email: `client.echo.${tag}@example.test`, phone: '+12015550142' }));
  });

  const search = async (who: Account, q: Record<string, string>): Promise<string[]> => {
    const res = await who.caller.req('POST', '/api/practice/clients/search', { ...q, limit: 100 });
    expect(res.statusCode, res.body).toBe(200);
    return ids(res);
  };

  it('finds by first, last, full and preferred name (case, accents and spacing ignored), email and phone', async () => {
    expect(await search(staff, { name: 'TESTYECHO' })).toEqual([target.id]);
    expect(await search(staff, { name: '  testyécho ' })).toEqual([target.id]);
    expect(await search(staff, { name: `testyecho   mctestface${tag}` })).toEqual([target.id]);
    expect(await search(staff, { name: 'Ecco' })).toEqual([target.id]);
    expect((await search(staff, { name: `McTestface${tag}` })).length).toBeGreaterThanOrEqual(2);
    expect(await search(staff, { email: `client.echo.${tag}@example.TEST` })).toEqual([target.id]);
    expect(await search(staff, { phone: '201-555-0142' })).toEqual([target.id]);
    expect(await search(staff, { phone: '+12015550142', name: 'testyecho' })).toEqual([target.id]);
    expect(await search(staff, { name: 'Nobody Synthetic' })).toEqual([]);
  });

  it('never returns another practice\'s client, and the other practice finds only its own', async () => {
    const queries: Record<string, string>[] = [{ name: 'testyecho' }, { email: `client.echo.${tag}@example.test` }, { phone: '+12015550142' }];
    for (const q of queries) {
      expect(await search(owner, q)).not.toContain(otherPracticeTwin.id);
      expect(await search(otherOwner, q)).toEqual([otherPracticeTwin.id]);
    }
  });

  it('a phone that is not a phone number is a 400', async () => {
    const res = await staff.caller.req('POST', '/api/practice/clients/search', { phone: 'abc' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('search terms in the URL are refused (400), so no name, email or phone lands in a URL log', async () => {
    for (const q of ['name=testyecho', `email=client.echo.${tag}%40example.test`, 'phone=%2B12015550142']) {
      const res = await staff.caller.req('GET', `/api/practice/clients?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].message).toMatch(/POST \/api\/practice\/clients\/search/);
    }
  });

  it('the blind indexes follow an update: the new phone finds the client, the old one no longer does', async () => {
    const res = await staff.caller.req('PATCH', `/api/practice/clients/${target.id}`, { phone: '+12015550199', preferredName: null });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as ClientView).demographics.preferredName).toBeUndefined();
    expect(await search(staff, { phone: '+12015550199' })).toEqual([target.id]);
    expect(await search(staff, { phone: '+12015550142' })).toEqual([]);
    expect(await search(staff, { name: 'Ecco' })).toEqual([]);
  });
});

describe('lists: who sees which client', () => {
  it('owner and staff see every client, clinicians their care team and grants; one audit event per client returned', async () => {
    const mine = await create(clinician, person('Golf'));
    const granted = await create(staff, person('Hotel'));
    const unrelated = await create(staff, person('India'));
    expect((await owner.caller.req('PUT', `/api/practice/clients/${granted.id}/grants/${clinician.userId}`, { view: true, edit: false, export: false, push: false })).statusCode).toBe(204);
    const seen = ids(await clinician.caller.req('GET', '/api/practice/clients?limit=100'));
    expect(seen).toEqual(expect.arrayContaining([mine.id, granted.id]));
    expect(seen).not.toContain(unrelated.id);
    for (const who of [owner, staff]) expect(ids(await who.caller.req('GET', '/api/practice/clients?limit=100'))).toEqual(expect.arrayContaining([mine.id, granted.id, unrelated.id]));

    const before = await auditCount(sql`practice_id = ${practiceId} and action = 'read' and resource_type = 'client_demographics' and actor_user_id = ${colleague.userId}`);
    const colleagueSees = ids(await colleague.caller.req('GET', '/api/practice/clients?limit=100'));
    expect(colleagueSees).toEqual([]);
    expect(await auditCount(sql`practice_id = ${practiceId} and action = 'read' and resource_type = 'client_demographics' and actor_user_id = ${colleague.userId}`)).toBe(before);
    const staffReads = sql`practice_id = ${practiceId} and action = 'read' and resource_type = 'client_demographics' and actor_user_id = ${staff.userId}`;
    const staffBefore = await auditCount(staffReads);
    const staffSees = ids(await staff.caller.req('GET', '/api/practice/clients?limit=3'));
    expect(staffSees).toHaveLength(3);
    expect(await auditCount(staffReads)).toBe(staffBefore + 3);
    for (const id of staffSees) expect(await auditCount(sql`${staffReads} and subject_client_id = ${id}`)).toBeGreaterThanOrEqual(1);
  });

  it('pages with a cursor cover every client once', async () => {
    const all = ids(await owner.caller.req('GET', '/api/practice/clients?limit=100'));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await owner.caller.req('GET', `/api/practice/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json() as { clients: ClientView[]; nextCursor: string | null };
      paged.push(...body.clients.map((c) => c.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all);
    expect((await owner.caller.req('GET', '/api/practice/clients?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
  });
});

describe('staff and clinical content', () => {
  it('staff read and update demographics but are refused clinical resources and status changes', async () => {
    const c = await create(clinician, person('Juliet'));
    expect((await staff.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(200);
    expect((await staff.caller.req('PATCH', `/api/practice/clients/${c.id}`, { contactPreferences: { okToText: true } })).statusCode).toBe(200);
    expect((await staff.caller.req('GET', `/api/practice/clients/${c.id}/access`)).statusCode).toBe(403);
    expect((await staff.caller.req('POST', `/api/practice/clients/${c.id}/discharge`, { dischargedOn: '2026-05-30', reason: 'treatment_completed' })).statusCode).toBe(403);
    expect((await staff.caller.req('GET', `/api/practice/clients/${c.id}/restrictions`)).statusCode).toBe(403);
    expect((await staff.caller.req('POST', '/api/practice/clients/import', { csv: 'legal_first_name,legal_last_name,date_of_birth\nA,B,1990-01-01' })).statusCode).toBe(403);
  });
});

describe('discharge and reactivation', () => {
  it('the care team discharges with a date and reason code, and reactivates; repeats are 409; nothing is deleted', async () => {
    const c = await create(clinician, person('Kilo'));
    const future = await clinician.caller.req('POST', `/api/practice/clients/${c.id}/discharge`, { dischargedOn: '2027-01-01', reason: 'treatment_completed' });
    expect(future.statusCode).toBe(400);
    const d = await clinician.caller.req('POST', `/api/practice/clients/${c.id}/discharge`, { dischargedOn: '2026-05-30', reason: 'treatment_completed' });
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ status: 'discharged', dischargedOn: '2026-05-30', dischargeReason: 'treatment_completed' });
    expect((await clinician.caller.req('POST', `/api/practice/clients/${c.id}/discharge`, { dischargedOn: '2026-05-30', reason: 'other' })).statusCode).toBe(409);
    expect(ids(await owner.caller.req('GET', '/api/practice/clients?status=discharged&limit=100'))).toContain(c.id);
    const r = await clinician.caller.req('POST', `/api/practice/clients/${c.id}/reactivate`);
    expect(r.json()).toMatchObject({ status: 'active', dischargedOn: null, dischargeReason: null });
    expect((await clinician.caller.req('POST', `/api/practice/clients/${c.id}/reactivate`)).statusCode).toBe(409);
    expect(await auditCount(sql`practice_id = ${practiceId} and action in ('discharge', 'reactivate') and subject_client_id = ${c.id}`)).toBe(2);

    // No route deletes a client, and the database refuses it to the application's role.
    expect([404, 405]).toContain((await owner.caller.req('DELETE', `/api/practice/clients/${c.id}`)).statusCode);
    const refused = await withPracticeTx(db, { practiceId, userId: owner.userId, role: 'owner' }, (tx) => tx.rows(sql`delete from clients where id = ${c.id}`)).then(
      () => 'deleted',
      (err: { code?: string }) => err.code,
    );
    expect(refused).toBe('42501');
    expect(await countClients(practiceId)).toBeGreaterThan(0);
  });
});

describe('restrictions (45 CFR 164.522(a))', () => {
  it('exclude a member: that clinician gets 404 everywhere, even on the care team, until the restriction is lifted', async () => {
    const c = await create(clinician, person('Lima'));
    const bad = await owner.caller.req('POST', `/api/practice/clients/${c.id}/restrictions`, { kind: 'exclude_member', agreedOn: '2026-05-01' });
    expect(bad.statusCode).toBe(400);
    const made = await owner.caller.req('POST', `/api/practice/clients/${c.id}/restrictions`, { kind: 'exclude_member', memberId: clinician.userId, agreedOn: '2026-05-01' });
    expect(made.statusCode, made.body).toBe(201);
    const restriction = made.json() as { id: string };
    expect((await owner.caller.req('POST', `/api/practice/clients/${c.id}/restrictions`, { kind: 'exclude_member', memberId: clinician.userId, agreedOn: '2026-05-01' })).statusCode).toBe(409);
    expect((await owner.caller.req('POST', `/api/practice/clients/${c.id}/restrictions`, { kind: 'exclude_member', memberId: otherOwner.userId, agreedOn: '2026-05-01' })).statusCode).toBe(404);

    expect((await clinician.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(404);
    expect((await clinician.caller.req('GET', `/api/practice/clients/${c.id}/access`)).statusCode).toBe(404);
    expect((await clinician.caller.req('PATCH', `/api/practice/clients/${c.id}`, { pronouns: 'they/them' })).statusCode).toBe(404);
    expect(ids(await clinician.caller.req('GET', '/api/practice/clients?limit=100'))).not.toContain(c.id);
    // Everyone else keeps their reach.
    expect((await staff.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(200);

    const lifted = await owner.caller.req('DELETE', `/api/practice/clients/${c.id}/restrictions/${restriction.id}?reason=client_request`);
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ liftReason: 'client_request', liftedBy: owner.userId });
    expect((await clinician.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(200);
    // Lifted, not deleted: the history stays.
    const history = await owner.caller.req('GET', `/api/practice/clients/${c.id}/restrictions`);
    expect((history.json() as { restrictions: unknown[] }).restrictions).toHaveLength(1);
    expect((await owner.caller.req('DELETE', `/api/practice/clients/${c.id}/restrictions/${restriction.id}`)).statusCode).toBe(404);
  });

  it('care team only: owner and staff lose reach (404), the care team keeps it; the owner reads only under break-glass with a reason', async () => {
    const c = await create(clinician, person('Mike'));
    const made = await owner.caller.req('POST', `/api/practice/clients/${c.id}/restrictions`, { kind: 'care_team_only', agreedOn: '2026-05-01' });
    expect(made.statusCode).toBe(201);
    for (const who of [owner, staff, colleague]) {
      expect((await who.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(404);
      expect(ids(await who.caller.req('GET', '/api/practice/clients?limit=100'))).not.toContain(c.id);
    }
    expect((await clinician.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(200);
    expect(ids(await clinician.caller.req('GET', '/api/practice/clients?limit=100'))).toContain(c.id);
    // The owner still administers access (restrictions, care team) ...
    expect((await owner.caller.req('GET', `/api/practice/clients/${c.id}/restrictions`)).statusCode).toBe(200);
    // ... and reads the record only through break-glass, which takes a reason and is reported.
    const bg = await owner.caller.req('POST', `/api/practice/clients/${c.id}/break-glass`, { reason: 'Crisis call, care team unreachable', minutes: 5 });
    expect(bg.statusCode).toBe(201);
    expect((await owner.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(200);
    clock.advance(6 * 60_000);
    expect((await owner.caller.req('GET', `/api/practice/clients/${c.id}`)).statusCode).toBe(404);
  });
});

describe('care-team foreign keys', () => {
  it('a care team, grant or break-glass row must name a client of the practice', async () => {
    const stray = randomUUID();
    const attempt = (statement: ReturnType<typeof sql>) =>
      withPracticeTx(db, { practiceId, userId: owner.userId, role: 'owner' }, (tx) => tx.rows(statement)).then(
        () => 'written',
        (err: { code?: string }) => err.code,
      );
    expect(await attempt(sql`insert into care_team_members (practice_id, client_id, user_id) values (${practiceId}, ${stray}, ${clinician.userId})`)).toBe('23503');
    expect(await attempt(sql`insert into client_grants (practice_id, client_id, user_id, can_view) values (${practiceId}, ${stray}, ${clinician.userId}, true)`)).toBe('23503');
    expect(
      await attempt(sql`insert into break_glass_grants (practice_id, client_id, user_id, reason, opened_at, expires_at)
        values (${practiceId}, ${stray}, ${owner.userId}, 'synthetic reason text', now(), now() + interval '5 minutes')`),
    ).toBe('23503');
  });
});
