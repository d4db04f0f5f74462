import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../../src/platform/db/roles.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, createOperatorAdmin, createPracticeWithMembers, login, syntheticEmail, TestClock } from '../support/identity.js';
import { totpCodeAt } from '../../src/platform/auth/totp.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;
let owner: Account;
let staff: Account;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['staff']);
  owner = p.owner;
  staff = p.members.staff as Account;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const attempt = (email: string, password: string, code?: string) => new Caller(app).req('POST', '/api/auth/login', { email, password, ...(code ? { code } : {}) });
const nextCode = (a: Account): string => {
  clock.advance(30_000);
  return totpCodeAt(a.totpSecret ?? '', clock.now());
};

describe('brute force', () => {
  it('an unknown email and a wrong password get the same answer', async () => {
    const unknown = await attempt(syntheticEmail('nobody'), 'Whatever-Password-1');
    const wrong = await attempt(owner.email, 'Whatever-Password-1');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('10 failures in 15 minutes lock the account for 15 minutes, answered like a wrong password', async () => {
    for (let i = 0; i < 9; i++) expect((await attempt(staff.email, `Wrong-Password-${i}x`)).statusCode).toBe(401);
    const last = await attempt(staff.email, 'Wrong-Password-last');
    expect(last.statusCode).toBe(401);
    // The right password and code are refused while locked, with the same answer.
    const locked = await attempt(staff.email, staff.password, nextCode(staff));
    expect(locked.statusCode).toBe(401);
    expect(locked.json().detail).toBe(last.json().detail);
    clock.advance(13 * 60_000); // 14 minutes after the lock (each code moves the clock 30 s)
    expect((await attempt(staff.email, staff.password, nextCode(staff))).statusCode).toBe(401);
    clock.advance(60_000);
    expect((await attempt(staff.email, staff.password, nextCode(staff))).statusCode).toBe(200);
  });

  it('failures spread beyond the window do not lock', async () => {
    for (let i = 0; i < 9; i++) expect((await attempt(staff.email, `Wrong-Password-${i}y`)).statusCode).toBe(401);
    clock.advance(16 * 60_000);
    for (let i = 0; i < 5; i++) expect((await attempt(staff.email, `Wrong-Password-${i}z`)).statusCode).toBe(401);
    expect((await attempt(staff.email, staff.password, nextCode(staff))).statusCode).toBe(200);
  });

  it('the lockout is audited and raised as a security event the owner and operator admins can list', async () => {
    const ownerCaller = await login(app, clock, owner);
    const events = (await ownerCaller.req('GET', '/api/practice/security-events')).json().events as { kind: string; userId: string }[];
    expect(events.some((e) => e.kind === 'account_locked' && e.userId === staff.userId)).toBe(true);
    const adminCaller = await login(app, clock, admin);
    const adminEvents = (await adminCaller.req('GET', '/api/admin/security-events')).json().events as { kind: string; userId: string }[];
    expect(adminEvents.some((e) => e.kind === 'account_locked' && e.userId === staff.userId)).toBe(true);
    // Staff may not list them.
    const staffCaller = await login(app, clock, staff);
    expect((await staffCaller.req('GET', '/api/practice/security-events')).statusCode).toBe(403);
    const audit = await withPracticeTx(db, { practiceId: INSTALLATION_STREAM_ID, userId: null, role: 'operator_admin' }, (tx) =>
      tx.rows<{ action: string; outcome: string }>(sql`select action, outcome from audit_events where actor_user_id = ${staff.userId}`),
    );
    const actions = new Set(audit.map((a) => a.action));
    for (const a of ['login', 'login_failed', 'lockout', 'mfa_verified', 'mfa_enrolled']) expect(actions).toContain(a);
  });

  it('a per-IP limit answers 429 problem+json on authentication routes', async () => {
    const limited = await buildTestApp(db, clock, {}, 5);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await limited.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.7', headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1' }, payload: JSON.stringify({ email: syntheticEmail('nobody'), password: 'Whatever-Password-1' }) });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.headers['content-type']).toContain('application/problem+json');
      }
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const otherIp = await limited.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.8', headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1' }, payload: JSON.stringify({ email: syntheticEmail('nobody'), password: 'Whatever-Password-1' }) });
      expect(otherIp.statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
