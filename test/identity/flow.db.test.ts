import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Account } from '../support/identity.js';
import {
  acceptAndOnboard,
  buildTestApp,
  Caller,
  createOperatorAdmin,
  createPracticeAsAdmin,
  insertSetupToken,
  inviteAsAdmin,
  inviteAsOwner,
  login,
  STRONG_PASSWORD,
  syntheticEmail,
  TestClock,
} from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the onboarding flow through HTTP', () => {
  let admin: Account;
  let practiceId: string;
  let owner: Account;
  let clinician: Account;
  const clientA = randomUUID();
  const clientB = randomUUID();

  it('setup token creates the first operator admin once; the token then stops working', async () => {
    const token = await insertSetupToken(db, clock);
    const email = syntheticEmail('admin');
    const first = await new Caller(app).req('POST', '/api/setup/admin', { setupToken: token, email, displayName: 'Test Admin', password: STRONG_PASSWORD });
    expect(first.statusCode).toBe(201);
    const again = await new Caller(app).req('POST', '/api/setup/admin', { setupToken: token, email: syntheticEmail('admin'), displayName: 'Test Admin', password: STRONG_PASSWORD });
    expect(again.statusCode).toBe(403);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('a weak password at setup names every failed rule and leaves the token usable', async () => {
    const token = await insertSetupToken(db, clock);
    const weak = await new Caller(app).req('POST', '/api/setup/admin', { setupToken: token, email: syntheticEmail('admin'), displayName: 'Test Admin', password: 'aaaa1234' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().rules).toEqual(expect.arrayContaining(['too_short', 'character_classes', 'sequence', 'repeat']));
    const ok = await new Caller(app).req('POST', '/api/setup/admin', { setupToken: token, email: syntheticEmail('admin'), displayName: 'Test Admin', password: STRONG_PASSWORD });
    expect(ok.statusCode).toBe(201);
  });

  it('an operator admin must enrol MFA before anything else', async () => {
    const token = await insertSetupToken(db, clock);
    const email = syntheticEmail('admin');
    await new Caller(app).req('POST', '/api/setup/admin', { setupToken: token, email, displayName: 'Test Admin', password: STRONG_PASSWORD });
    const caller = await login(app, clock, { email, password: STRONG_PASSWORD, totpSecret: null });
    const blocked = await caller.req('POST', '/api/admin/practices', { name: 'Test Practice blocked' });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().type).toBe('urn:confidant:problem:mfa-enrolment-required');
    const me = await caller.req('GET', '/api/session');
    expect(me.json().mfa).toMatchObject({ enrolled: false, required: true });
  });

  it('admin enrols MFA, creates a practice and invites its owner, who enrols MFA and invites a clinician', async () => {
    admin = await createOperatorAdmin(app, db, clock);
    practiceId = await createPracticeAsAdmin(admin);
    const ownerEmail = syntheticEmail('owner');
    owner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, practiceId, ownerEmail), ownerEmail, 'owner');
    const me = (await owner.caller.req('GET', '/api/session')).json();
    expect(me.activePractice).toEqual({ id: practiceId, role: 'owner' });
    expect(me.mfa).toMatchObject({ enrolled: true, required: true, verifiedThisSession: true });
    const clinicianEmail = syntheticEmail('clinician');
    clinician = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, clinicianEmail, 'clinician'), clinicianEmail, 'clinician');
    const members = (await owner.caller.req('GET', '/api/practice/members')).json().members;
    expect(members.map((m: { role: string }) => m.role).sort()).toEqual(['clinician', 'owner']);
  });

  it('a signed-in user needs the TOTP code at the next login', async () => {
    const res = await new Caller(app).req('POST', '/api/auth/login', { email: clinician.email, password: clinician.password });
    expect(res.statusCode).toBe(401);
    expect(res.json().type).toBe('urn:confidant:problem:mfa-required');
  });

  it('the clinician reaches only the clients on their care team or granted', async () => {
    expect((await owner.caller.req('PUT', `/api/practice/clients/${clientA}/care-team/${clinician.userId}`)).statusCode).toBe(204);
    const a = await clinician.caller.req('GET', `/api/practice/clients/${clientA}/access`);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ read: true, update: true, careTeam: true });
    const b = await clinician.caller.req('GET', `/api/practice/clients/${clientB}/access`);
    expect(b.statusCode).toBe(404);
    // The care team reads who is on it (the chart shows it); off the team, there is no such client.
    const team = await clinician.caller.req('GET', `/api/practice/clients/${clientA}/care-team`);
    expect(team.statusCode, team.body).toBe(200);
    expect((team.json() as { members: { userId: string }[] }).members.map((m) => m.userId)).toContain(clinician.userId);
    expect((await clinician.caller.req('GET', `/api/practice/clients/${clientB}/care-team`)).statusCode).toBe(404);
    // An id no practice holds is not found, even for the owner.
    expect((await owner.caller.req('GET', `/api/practice/clients/${clientB}/access`)).statusCode).toBe(404);
    // A view-only grant on B: reads, no edits.
    expect((await owner.caller.req('PUT', `/api/practice/clients/${clientB}/grants/${clinician.userId}`, { view: true, edit: false, export: false, push: false })).statusCode).toBe(204);
    // The owner sees every client of the practice, care team or not.
    expect((await owner.caller.req('GET', `/api/practice/clients/${clientB}/access`)).json()).toMatchObject({ read: true, update: true, export: true, careTeam: false });
    const granted = await clinician.caller.req('GET', `/api/practice/clients/${clientB}/access`);
    expect(granted.json()).toMatchObject({ read: true, update: false, export: false, careTeam: false });
    // Managing care teams is the owner's.
    expect((await clinician.caller.req('PUT', `/api/practice/clients/${clientB}/care-team/${clinician.userId}`)).statusCode).toBe(403);
  });

  it('another practice cannot see this practice\'s clients or members (404, not 403)', async () => {
    const otherPractice = await createPracticeAsAdmin(admin);
    const otherEmail = syntheticEmail('owner');
    const otherOwner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, otherPractice, otherEmail), otherEmail, 'owner');
    expect((await otherOwner.caller.req('PUT', `/api/practice/clients/${clientA}/care-team/${clinician.userId}`)).statusCode).toBe(404);
    expect((await otherOwner.caller.req('PATCH', `/api/practice/members/${clinician.userId}`, { status: 'deactivated' })).statusCode).toBe(404);
  });

  it('deactivating a member ends their sessions at once', async () => {
    const staffEmail = syntheticEmail('staff');
    const staff = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, staffEmail, 'staff'), staffEmail, 'staff');
    expect((await staff.caller.req('GET', '/api/session')).statusCode).toBe(200);
    // Staff never reach clinical content.
    expect((await staff.caller.req('GET', `/api/practice/clients/${clientA}/access`)).statusCode).toBe(403);
    const res = await owner.caller.req('PATCH', `/api/practice/members/${staff.userId}`, { status: 'deactivated' });
    expect(res.statusCode).toBe(200);
    expect((await staff.caller.req('GET', '/api/session')).statusCode).toBe(401);
  });

  it('changing a role ends the member\'s sessions', async () => {
    const res = await owner.caller.req('PATCH', `/api/practice/members/${clinician.userId}`, { role: 'staff' });
    expect(res.json().role).toBe('staff');
    expect((await clinician.caller.req('GET', '/api/session')).statusCode).toBe(401);
    const again = await login(app, clock, clinician);
    expect((await again.req('GET', `/api/practice/clients/${clientA}/access`)).statusCode).toBe(403);
  });

  it('operator admins never reach PHI routes', async () => {
    expect((await admin.caller.req('GET', `/api/practice/clients/${clientA}/access`)).statusCode).toBe(404);
    expect((await admin.caller.req('POST', '/api/session/practice', { practiceId })).statusCode).toBe(404);
  });
});
