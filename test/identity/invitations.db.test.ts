import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, createOperatorAdmin, createPracticeWithMembers, inviteAsOwner, login, STRONG_PASSWORD, syntheticEmail, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;
let owner: Account;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  owner = (await createPracticeWithMembers(app, clock, admin, [])).owner;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const accept = (token: string, email: string, password = STRONG_PASSWORD) => new Caller(app).req('POST', '/api/invitations/accept', { token, email, displayName: 'Test Person 4c1d', password });

describe('invitations', () => {
  it('are single use', async () => {
    const email = syntheticEmail('clinician');
    const token = await inviteAsOwner(owner, email, 'clinician');
    expect((await accept(token, email)).statusCode).toBe(201);
    const again = await accept(token, email);
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  it('can be listed and withdrawn by the owner; a withdrawn link stops working', async () => {
    const email = syntheticEmail('staff');
    const token = await inviteAsOwner(owner, email, 'staff');
    const list = (await owner.caller.req('GET', '/api/practice/invitations')).json().invitations as { id: string; state: string }[];
    const pending = list.find((i) => i.state === 'pending');
    expect(pending).toBeDefined();
    expect(JSON.stringify(list)).not.toContain(email);
    for (const i of list.filter((x) => x.state === 'pending')) expect((await owner.caller.req('DELETE', `/api/practice/invitations/${i.id}`)).statusCode).toBe(204);
    expect((await accept(token, email)).statusCode).toBe(410);
    expect((await owner.caller.req('DELETE', `/api/practice/invitations/${pending?.id}`)).statusCode).toBe(404);
  });

  it('expire after 72 hours', async () => {
    const email = syntheticEmail('staff');
    const token = await inviteAsOwner(owner, email, 'staff');
    clock.advance(72 * 3600_000 + 1000);
    expect((await accept(token, email)).statusCode).toBe(410);
    owner.caller = await login(app, clock, owner);
    const fresh = await inviteAsOwner(owner, email, 'staff');
    clock.advance(71 * 3600_000);
    owner.caller = await login(app, clock, owner);
    expect((await accept(fresh, email)).statusCode).toBe(201);
  });

  it('are bound to the invited email, and an unknown token tells nothing', async () => {
    const email = syntheticEmail('staff');
    const token = await inviteAsOwner(owner, email, 'staff');
    expect((await accept(token, syntheticEmail('someone'))).statusCode).toBe(410);
    expect((await accept('x'.repeat(43), email)).statusCode).toBe(410);
    expect((await accept(token, email)).statusCode).toBe(201);
  });

  it('apply the password policy, 15 characters for a client without MFA', async () => {
    const email = syntheticEmail('client');
    const token = await inviteAsOwner(owner, email, 'client');
    const res = await accept(token, email, 'Lantern-Moss-7x'.slice(0, 14));
    expect(res.statusCode).toBe(400);
    expect(res.json().rules).toEqual(['too_short']);
    expect((await accept(token, email, 'Lantern-Moss-7xQ')).statusCode).toBe(201);
  });

  it('a workforce member has no access until MFA is enrolled', async () => {
    const email = syntheticEmail('clinician');
    const token = await inviteAsOwner(owner, email, 'clinician');
    await accept(token, email);
    const caller = await login(app, clock, { email, password: STRONG_PASSWORD, totpSecret: null });
    const res = await caller.req('GET', '/api/practice/members');
    expect(res.statusCode).toBe(403);
    expect(res.json().type).toBe('urn:confidant:problem:mfa-enrolment-required');
  });

  it('only owners invite; an operator admin invites owners only', async () => {
    const p = await createPracticeWithMembers(app, clock, (admin.caller = await login(app, clock, admin), admin), ['clinician']);
    const res = await p.members.clinician?.caller.req('POST', '/api/practice/invitations', { email: syntheticEmail('x'), role: 'staff' });
    expect(res?.statusCode).toBe(403);
    const adminRes = await admin.caller.req('POST', `/api/admin/practices/${p.practiceId}/invitations`, { email: syntheticEmail('x'), role: 'clinician' });
    expect(adminRes.statusCode).toBe(400);
  });
});
