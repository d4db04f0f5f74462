import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeWithMembers, inviteAsOwner, login, syntheticEmail, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;
let owner: Account;
let clinician: Account;
let colleague: Account;
let practiceId: string;
const clientId = randomUUID();
const REASON = 'Crisis call out of hours; treating clinician unreachable.';

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['clinician']);
  owner = p.owner;
  practiceId = p.practiceId;
  clinician = p.members.clinician as Account;
  const email = syntheticEmail('clinician');
  colleague = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, 'clinician'), email, 'clinician');
  expect((await owner.caller.req('PUT', `/api/practice/clients/${clientId}/care-team/${colleague.userId}`)).statusCode).toBe(204);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('break-glass', () => {
  it('needs a written reason and at most 60 minutes', async () => {
    expect((await clinician.caller.req('POST', `/api/practice/clients/${clientId}/break-glass`, { reason: 'short' })).statusCode).toBe(400);
    expect((await clinician.caller.req('POST', `/api/practice/clients/${clientId}/break-glass`, { reason: REASON, minutes: 61 })).statusCode).toBe(400);
  });

  it('opens time-boxed access to one client, audited as break_glass, and it expires', async () => {
    expect((await clinician.caller.req('GET', `/api/practice/clients/${clientId}/access`)).statusCode).toBe(404);
    const open = await clinician.caller.req('POST', `/api/practice/clients/${clientId}/break-glass`, { reason: REASON, minutes: 30 });
    expect(open.statusCode).toBe(201);
    const access = await clinician.caller.req('GET', `/api/practice/clients/${clientId}/access`);
    expect(access.json()).toMatchObject({ read: true, export: false, breakGlass: true });
    // Another client stays out of reach.
    expect((await clinician.caller.req('GET', `/api/practice/clients/${randomUUID()}/access`)).statusCode).toBe(404);
    const audit = await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) =>
      tx.rows<{ purpose_of_use: string }>(sql`select purpose_of_use from audit_events where action = 'break_glass' and subject_client_id = ${clientId} and actor_user_id = ${clinician.userId}`),
    );
    expect(audit).toEqual([{ purpose_of_use: 'emergency' }]);
    for (const minutes of [10, 10, 9]) {
      clock.advance(minutes * 60_000); // steps shorter than the idle timeout keep the session alive
      expect((await clinician.caller.req('GET', `/api/practice/clients/${clientId}/access`)).statusCode).toBe(200);
    }
    clock.advance(2 * 60_000);
    expect((await clinician.caller.req('GET', `/api/practice/clients/${clientId}/access`)).statusCode).toBe(404);
  });

  it('is shown to the owner in the report and as a security event', async () => {
    owner.caller = await login(app, clock, owner);
    const report = (await owner.caller.req('GET', '/api/practice/break-glass')).json().grants as { userId: string; reason: string; clientId: string }[];
    expect(report).toEqual(expect.arrayContaining([expect.objectContaining({ userId: clinician.userId, clientId, reason: REASON })]));
    const events = (await owner.caller.req('GET', '/api/practice/security-events')).json().events as { kind: string; userId: string }[];
    expect(events.some((e) => e.kind === 'break_glass_opened' && e.userId === clinician.userId)).toBe(true);
    clinician.caller = await login(app, clock, clinician);
    expect((await clinician.caller.req('GET', '/api/practice/break-glass')).statusCode).toBe(403);
  });

  it('whatever a route records while reached only through break-glass carries purpose emergency; the care team\'s reads stay treatment', async () => {
    colleague.caller = await login(app, clock, colleague);
    expect((await clinician.caller.req('POST', `/api/practice/clients/${clientId}/break-glass`, { reason: REASON, minutes: 10 })).statusCode).toBe(201);
    expect((await clinician.caller.req('GET', `/api/practice/clients/${clientId}/notes`)).statusCode).toBe(200);
    expect((await colleague.caller.req('GET', `/api/practice/clients/${clientId}/notes`)).statusCode).toBe(200);
    const purposes = async (userId: string): Promise<string[]> =>
      (
        await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) =>
          tx.rows<{ p: string }>(sql`select distinct purpose_of_use as p from audit_events
            where subject_client_id = ${clientId} and actor_user_id = ${userId} and action = 'read' and resource_type <> 'client_access'`),
        )
      ).map((r) => r.p);
    expect(await purposes(clinician.userId)).toEqual(['emergency']);
    expect(await purposes(colleague.userId)).toEqual(['treatment']);
  });

  it('an operator admin can open it with a reason, enter the practice, and read only that client', async () => {
    admin.caller = await login(app, clock, admin);
    expect((await admin.caller.req('POST', '/api/session/practice', { practiceId })).statusCode).toBe(404);
    const open = await admin.caller.req('POST', `/api/admin/practices/${practiceId}/clients/${clientId}/break-glass`, { reason: REASON, minutes: 10 });
    expect(open.statusCode).toBe(201);
    expect((await admin.caller.req('POST', '/api/session/practice', { practiceId })).statusCode).toBe(200);
    expect((await admin.caller.req('GET', `/api/practice/clients/${clientId}/access`)).json()).toMatchObject({ read: true, export: false, breakGlass: true });
    expect((await admin.caller.req('GET', '/api/practice/members')).statusCode).toBe(404);
    clock.advance(11 * 60_000);
    expect((await admin.caller.req('GET', `/api/practice/clients/${clientId}/access`)).statusCode).toBe(404);
    // A client id no practice holds cannot be broken into.
    expect((await admin.caller.req('POST', `/api/admin/practices/${practiceId}/clients/${randomUUID()}/break-glass`, { reason: REASON })).statusCode).toBe(404);
  });
});
