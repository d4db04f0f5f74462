import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import type { RouteEntry } from '../../src/platform/auth/plugin.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, Caller, createOperatorAdmin, createPracticeAsAdmin, createPracticeWithMembers, inviteAsAdmin, inviteAsOwner, syntheticEmail, TestClock } from '../support/identity.js';
import { sql } from 'drizzle-orm';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';

/**
 * Walks every registered route: a route added by any module is covered without editing this file.
 * - every non-public route answers 401 without a session;
 * - every route declaring `access.phi` refuses an operator admin, a researcher and a member of
 *   another practice (403 or 404), and does not refuse the practice owner;
 * - malformed input to every route that takes input is a 4xx problem+json.
 */
let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;
let owner: Account;
let researcher: Account;
let otherOwner: Account;
let clinician: Account;
let clientId: string;
/** Ids of real records of the main practice, by route param name (other params get a random uuid). */
const knownIds: Record<string, string> = {};
let noBaaOwner: Account;
let noBaaPracticeId: string;
const noBaaClientId = randomUUID();
let routes: RouteEntry[];

const fill = (url: string, value: () => string): string => url.replace(/:[A-Za-z]+/g, () => value()).replace(/\*$/, 'x');
/** Params of a PHI route point at the main practice's client and clinician. */
const fillPhi = (url: string): string => url.replace(/:([A-Za-z]+)/g, (_, name: string) => knownIds[name] ?? randomUUID());
const isProblem = (ct: string | undefined): boolean => (ct ?? '').startsWith('application/problem+json');
const send = (caller: Caller, r: RouteEntry, url: string, body?: unknown) =>
  caller.req(r.method as 'GET', url, r.method === 'GET' || r.method === 'HEAD' || r.method === 'DELETE' ? undefined : (body ?? {}));

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  const main = await createPracticeWithMembers(app, clock, admin, ['clinician']);
  owner = main.owner;
  clinician = main.members.clinician as Account;
  // The client belongs to the main practice: the other practice must neither reach nor claim it.
  const created = await owner.caller.req('POST', '/api/practice/clients', { legalFirstName: 'Testy', legalLastName: 'McTestface', dateOfBirth: '1990-01-01' });
  expect(created.statusCode).toBe(201);
  clientId = (created.json() as { id: string }).id;
  expect((await owner.caller.req('PUT', `/api/practice/clients/${clientId}/care-team/${clinician.userId}`)).statusCode).toBe(204);
  const appointment = await owner.caller.req('POST', '/api/practice/appointments', {
    clientId, clinicianId: clinician.userId, startsAt: '2030-01-07T15:00:00Z', endsAt: '2030-01-07T15:50:00Z', modality: 'in_person',
  });
  expect(appointment.statusCode).toBe(201);
  Object.assign(knownIds, { clientId, userId: clinician.userId, appointmentId: (appointment.json() as { id: string }).id });
  const email = syntheticEmail('researcher');
  researcher = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, 'researcher'), email, 'researcher');
  otherOwner = (await createPracticeWithMembers(app, clock, admin, [])).owner;
  // A practice with no BAA on record, holding a client id (as if written before the gate existed).
  noBaaPracticeId = await createPracticeAsAdmin(admin, undefined, { baa: false });
  const noBaaEmail = syntheticEmail('owner');
  noBaaOwner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, noBaaPracticeId, noBaaEmail), noBaaEmail, 'owner');
  await withPracticeTx(db, { practiceId: noBaaPracticeId, userId: null, role: 'system' }, (tx) =>
    tx.rows(sql`insert into practice_clients (practice_id, client_id) values (${noBaaPracticeId}, ${noBaaClientId})`),
  );
  routes = app.routeTable.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('route table', () => {
  it('has routes, some public, some declaring PHI', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.some((r) => r.config.public)).toBe(true);
    expect(routes.filter((r) => r.config.access?.phi).length).toBeGreaterThanOrEqual(5);
  });

  it('every non-public route answers 401 problem+json without a session', async () => {
    const anonymous = new Caller(app);
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.config.public)) {
      const res = await send(anonymous, r, fill(r.url, randomUUID));
      if (res.statusCode !== 401 || !isProblem(res.headers['content-type'] as string)) failures.push(`${r.method} ${r.url} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('every PHI route refuses an operator admin, a researcher and a member of another practice', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.config.access?.phi)) {
      const url = fillPhi(r.url);
      // A practice-wide list (no :clientId) shows the caller's own practice to another practice's owner:
      // nothing of this practice is addressed, so only the client routes are probed across practices.
      const probes = [['operator admin', admin], ['researcher', researcher], ...(r.url.includes(':clientId') ? [['other practice', otherOwner] as const] : [])] as const;
      for (const [who, account] of probes) {
        const res = await send(account.caller, r, url);
        if (res.statusCode !== 403 && res.statusCode !== 404) failures.push(`${r.method} ${r.url} as ${who} -> ${res.statusCode}`);
      }
      // Control: the refusal comes from access rules, not from the route being broken. A route that
      // names a record of the client (e.g. :noteId, a random id here) may answer 404 for it, but not
      // with the access rules' 404 ("No such resource.").
      const res = await send(owner.caller, r, url);
      const namesRecord = /:(?!clientId\b|userId\b)[A-Za-z]+/.test(r.url);
      const recordNotFound = namesRecord && res.statusCode === 404 && (res.json() as { detail?: string }).detail !== 'No such resource.';
      if ([401, 403].includes(res.statusCode) || res.statusCode >= 500 || (res.statusCode === 404 && r.method !== 'DELETE' && !recordNotFound)) failures.push(`${r.method} ${r.url} as owner -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('every PHI route answers 403 baa-required in a practice without an executed BAA', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.config.access?.phi)) {
      const url = r.url.replace(':clientId', noBaaClientId).replace(':userId', noBaaOwner.userId).replace(/:[A-Za-z]+/g, () => randomUUID());
      const res = await send(noBaaOwner.caller, r, url);
      const type = isProblem(res.headers['content-type'] as string) ? (res.json() as { type?: string }).type : undefined;
      if (res.statusCode !== 403 || type !== 'urn:confidant:problem:baa-required') failures.push(`${r.method} ${r.url} -> ${res.statusCode} ${type ?? ''}`);
    }
    expect(failures).toEqual([]);
  });

  it('malformed input to every route that takes input is a 4xx problem+json', async () => {
    const failures: string[] = [];
    for (const r of routes.filter((x) => x.hasBody || x.hasParams)) {
      for (const caller of [owner.caller, admin.caller]) {
        const url = fill(r.url, () => 'not-an-id');
        const bad = r.hasBody ? { unexpected: ['wrong', 'types'], email: 42, password: false, name: 7, role: 'emperor' } : undefined;
        const res = await send(caller, r, r.hasParams ? url : fill(r.url, randomUUID), bad);
        const ok = res.statusCode >= 400 && res.statusCode < 500 && isProblem(res.headers['content-type'] as string);
        if (!ok) failures.push(`${r.method} ${r.url} -> ${res.statusCode}`);
      }
    }
    // A body that is not JSON at all.
    for (const r of routes.filter((x) => x.hasBody)) {
      const res = await app.inject({ method: r.method as 'POST', url: fill(r.url, randomUUID), headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1', cookie: `confidant_session=${owner.caller.cookie}` }, payload: '{"oops":' });
      if (res.statusCode !== 400 || !isProblem(res.headers['content-type'] as string)) failures.push(`${r.method} ${r.url} malformed JSON -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('unknown routes', () => {
  it('reach the not-found handler (not 401), the same with or without a session', async () => {
    const anonymous = await new Caller(app).req('GET', '/api/no-such-route');
    const signedIn = await owner.caller.req('GET', '/api/no-such-route');
    expect([404, 405]).toContain(anonymous.statusCode);
    expect(signedIn.statusCode).toBe(anonymous.statusCode);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    const res = await new Caller(app).req('DELETE', '/api/auth/login');
    expect(res.statusCode).toBe(405);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
