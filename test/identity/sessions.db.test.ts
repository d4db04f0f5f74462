import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, createOperatorAdmin, createPracticeWithMembers, login, STRONG_PASSWORD, TestClock } from '../support/identity.js';
import { totpCodeAt } from '../../src/platform/auth/totp.js';
import { sql } from 'drizzle-orm';
import { ARGON2_PARAMS, hashPassword } from '../../src/platform/auth/password-hash.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;
let clinician: Account;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  clinician = (await createPracticeWithMembers(app, clock, admin, ['clinician'])).members.clinician as Account;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const MIN = 60_000;

describe('sessions', () => {
  it('the cookie is HttpOnly, SameSite=Strict, path /, and carries an opaque 256-bit token', async () => {
    const res = await new Caller(app).req('POST', '/api/auth/login', { email: clinician.email, password: clinician.password, code: (clock.advance(30_000), totpCodeAt(clinician.totpSecret ?? '', clock.now())) });
    expect(res.statusCode).toBe(200);
    const c = res.cookies[0];
    expect(c).toMatchObject({ name: 'confidant_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(Buffer.from(c?.value ?? '', 'base64url')).toHaveLength(32);
  });

  it('behind TLS the cookie is __Host- prefixed and Secure', async () => {
    const tlsApp = await buildTestApp(db, clock, { CONFIDANT_TLS_TERMINATED_BY_PROXY: 'true' });
    try {
      clock.advance(30_000);
      const res = await tlsApp.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1' },
        payload: JSON.stringify({ email: clinician.email, password: clinician.password, code: totpCodeAt(clinician.totpSecret ?? '', clock.now()) }),
      });
      expect(res.cookies[0]).toMatchObject({ name: '__Host-confidant_session', secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(res.cookies[0]?.domain).toBeUndefined();
    } finally {
      await tlsApp.close();
    }
  });

  it('ends after 15 idle minutes (automatic logoff), and activity keeps it alive', async () => {
    const caller = await login(app, clock, clinician);
    clock.advance(14 * MIN);
    expect((await caller.req('GET', '/api/session')).statusCode).toBe(200);
    clock.advance(14 * MIN);
    expect((await caller.req('GET', '/api/session')).statusCode).toBe(200);
    clock.advance(15 * MIN);
    const res = await caller.req('GET', '/api/session');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('ends after its absolute lifetime of 12 hours however active it is', async () => {
    const caller = await login(app, clock, clinician);
    for (let i = 0; i < 71; i++) {
      clock.advance(10 * MIN);
      expect((await caller.req('GET', '/api/session')).statusCode).toBe(200);
    }
    clock.advance(10 * MIN); // 12 h after login
    expect((await caller.req('GET', '/api/session')).statusCode).toBe(401);
  });

  it('the practice idle timeout (5-60 minutes) applies to sessions entering the practice', async () => {
    admin.caller = await login(app, clock, admin);
    const p = await createPracticeWithMembers(app, clock, admin, ['clinician']);
    expect((await p.owner.caller.req('PATCH', '/api/practice/settings', { sessionIdleMinutes: 61 })).statusCode).toBe(400);
    expect((await p.owner.caller.req('PATCH', '/api/practice/settings', { sessionIdleMinutes: 5 })).statusCode).toBe(200);
    expect((await p.members.clinician?.caller.req('PATCH', '/api/practice/settings', { sessionIdleMinutes: 60 }))?.statusCode).toBe(403);
    const caller = await login(app, clock, p.members.clinician as Account);
    expect((await caller.req('GET', '/api/session')).json().session.idleMinutes).toBe(5);
    clock.advance(4 * MIN);
    expect((await caller.req('GET', '/api/session')).statusCode).toBe(200);
    clock.advance(5 * MIN);
    expect((await caller.req('GET', '/api/session')).statusCode).toBe(401);
  });

  it('logout ends this session only; log out everywhere ends them all', async () => {
    const a = await login(app, clock, clinician);
    const b = await login(app, clock, clinician);
    expect((await a.req('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await a.req('GET', '/api/session')).statusCode).toBe(401);
    expect((await b.req('GET', '/api/session')).statusCode).toBe(200);
    const c = await login(app, clock, clinician);
    expect((await c.req('POST', '/api/auth/logout-all')).statusCode).toBe(204);
    expect((await b.req('GET', '/api/session')).statusCode).toBe(401);
    expect((await c.req('GET', '/api/session')).statusCode).toBe(401);
  });

  it('lists active sessions with device, IP and last use, and ends one of them', async () => {
    const a = await login(app, clock, clinician, '192.0.2.10');
    const b = await login(app, clock, clinician, '192.0.2.11');
    const list = (await a.req('GET', '/api/sessions')).json().sessions as { id: string; current: boolean; ip: string }[];
    const other = list.find((s) => s.ip === '192.0.2.11');
    expect(list.find((s) => s.current)?.ip).toBe('192.0.2.10');
    expect(other).toBeDefined();
    expect((await a.req('DELETE', `/api/sessions/${other?.id}`)).statusCode).toBe(204);
    expect((await b.req('GET', '/api/session')).statusCode).toBe(401);
    // Someone else's session id is not found.
    const adminCaller = await login(app, clock, admin);
    const adminSessions = (await adminCaller.req('GET', '/api/sessions')).json().sessions as { id: string }[];
    expect((await a.req('DELETE', `/api/sessions/${adminSessions[0]?.id}`)).statusCode).toBe(404);
  });

  it('a password change needs the current password and a TOTP code, and ends the other sessions', async () => {
    const a = await login(app, clock, clinician);
    const b = await login(app, clock, clinician);
    const noCode = await a.req('POST', '/api/auth/password', { currentPassword: clinician.password, newPassword: 'Copper-Meadow-Lantern-42' });
    expect(noCode.statusCode).toBe(403);
    clock.advance(30_000);
    const wrong = await a.req('POST', '/api/auth/password', { currentPassword: 'Not-The-Password-1', newPassword: 'Copper-Meadow-Lantern-42', code: totpCodeAt(clinician.totpSecret ?? '', clock.now()) });
    expect(wrong.statusCode).toBe(403);
    clock.advance(30_000);
    const weak = await a.req('POST', '/api/auth/password', { currentPassword: clinician.password, newPassword: 'short', code: totpCodeAt(clinician.totpSecret ?? '', clock.now()) });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().rules).toContain('too_short');
    clock.advance(30_000);
    const ok = await a.req('POST', '/api/auth/password', { currentPassword: clinician.password, newPassword: 'Copper-Meadow-Lantern-42', code: totpCodeAt(clinician.totpSecret ?? '', clock.now()) });
    expect(ok.statusCode).toBe(204);
    expect((await a.req('GET', '/api/session')).statusCode).toBe(200);
    expect((await b.req('GET', '/api/session')).statusCode).toBe(401);
    clinician.password = 'Copper-Meadow-Lantern-42';
    await expect(login(app, clock, { ...clinician, password: STRONG_PASSWORD })).rejects.toThrow(/401/);
    await login(app, clock, clinician);
  });

  it('state changes with a session cookie need the CSRF header and one of our origins', async () => {
    const a = await login(app, clock, clinician);
    const noHeader = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: `confidant_session=${a.cookie}` } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().type).toBe('urn:confidant:problem:csrf');
    const foreign = await a.req('POST', '/api/auth/logout', undefined, { origin: 'https://attacker.example.test' });
    expect(foreign.statusCode).toBe(403);
    expect((await a.req('GET', '/api/session')).statusCode).toBe(200);
    const same = await a.req('POST', '/api/auth/logout', undefined, { origin: 'http://localhost:80' });
    expect(same.statusCode).toBe(204);
  });

  it('login upgrades a hash made with weaker argon2id parameters', async () => {
    const weak = await hashPassword(clinician.password, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await db.rows(sql`update users set password_hash = ${weak} where id = ${clinician.userId}`);
    await login(app, clock, clinician);
    const [row] = await db.rows<{ h: string }>(sql`select password_hash as h from users where id = ${clinician.userId}`);
    expect(row?.h).toContain(`m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}`);
    await login(app, clock, clinician);
  });
});
