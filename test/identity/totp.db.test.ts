import { execFileSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, createOperatorAdmin, createPracticeWithMembers, enrolTotp, TestClock } from '../support/identity.js';

/** Debian's oathtool is the independent TOTP implementation (apt-get install oathtool). */
function oathtoolAvailable(): boolean {
  try {
    execFileSync('oathtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasOathtool = oathtoolAvailable();
if (!hasOathtool) console.warn('SKIPPED: oathtool is not installed (apt-get install oathtool); the independent TOTP check did not run.');

const oathtool = (secret: string, at: Date): string =>
  execFileSync('oathtool', ['--totp', '-b', `--now=${at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`, secret]).toString().trim();

let db: Database;
let app: FastifyInstance;
const clock = new TestClock(new Date(Date.UTC(2030, 0, 15, 9, 0, 0)));
let client: Account;
let secret = '';

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  client = (await createPracticeWithMembers(app, clock, admin, ['client'])).members.client as Account;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const loginWith = (extra: Record<string, string>) => new Caller(app).req('POST', '/api/auth/login', { email: client.email, password: client.password, ...extra });

describe('TOTP', () => {
  it('MFA is optional for a client: login works without it', async () => {
    expect((await loginWith({})).statusCode).toBe(200);
  });

  it.skipIf(!hasOathtool)('codes from oathtool are accepted, within one step either side; a reused code is refused', async () => {
    const caller = new Caller(app);
    caller.cookie = (await loginWith({})).cookies[0]?.value ?? null;
    const start = await caller.req('POST', '/api/auth/mfa/totp/enrol', { currentPassword: client.password });
    const started = start.json() as { secret: string; otpauthUri: string };
    secret = started.secret;
    const otpauthUri = started.otpauthUri;
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    expect(otpauthUri).not.toContain('@');
    clock.advance(30_000);
    const confirm = await caller.req('POST', '/api/auth/mfa/totp/confirm', { code: oathtool(secret, clock.now()) });
    expect(confirm.statusCode).toBe(200);
    client.recoveryCodes = confirm.json().recoveryCodes;
    expect(client.recoveryCodes).toHaveLength(10);

    clock.advance(60_000);
    const code = oathtool(secret, clock.now());
    expect((await loginWith({})).json().type).toBe('urn:confidant:problem:mfa-required');
    expect((await loginWith({ code })).statusCode).toBe(200);
    expect((await loginWith({ code })).statusCode).toBe(401); // reused
    // A code from the previous step (clock skew) is accepted once, if not older than the last used.
    clock.advance(60_000);
    const previous = oathtool(secret, new Date(clock.now().getTime() - 30_000));
    expect((await loginWith({ code: previous })).statusCode).toBe(200);
    // Two steps away is refused.
    clock.advance(60_000);
    expect((await loginWith({ code: oathtool(secret, new Date(clock.now().getTime() - 90_000)) })).statusCode).toBe(401);
    expect((await loginWith({ code: '000000' })).statusCode).toBe(401);
  });

  it.skipIf(!hasOathtool)('recovery codes work once each and can be replaced', async () => {
    const [first, second] = client.recoveryCodes;
    expect((await loginWith({ recoveryCode: first ?? '' })).statusCode).toBe(200);
    expect((await loginWith({ recoveryCode: first ?? '' })).statusCode).toBe(401);
    const caller = new Caller(app);
    caller.cookie = (await loginWith({ recoveryCode: second ?? '' })).cookies[0]?.value ?? null;
    clock.advance(30_000);
    const badCode = await caller.req('POST', '/api/auth/mfa/recovery-codes', { currentPassword: client.password, code: '123456' });
    expect(badCode.statusCode).toBe(403);
    clock.advance(30_000);
    const replaced = await caller.req('POST', '/api/auth/mfa/recovery-codes', { currentPassword: client.password, code: oathtool(secret, clock.now()) });
    expect(replaced.statusCode).toBe(200);
    const fresh = replaced.json().recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect((await loginWith({ recoveryCode: client.recoveryCodes[2] ?? '' })).statusCode).toBe(401);
    expect((await loginWith({ recoveryCode: fresh[0] ?? '' })).statusCode).toBe(200);
  });

  it('replacing an enrolled authenticator needs the password and a current code', async () => {
    const admin = await createOperatorAdmin(app, db, clock);
    const p = await createPracticeWithMembers(app, clock, admin, []);
    // createPracticeWithMembers onboarded the owner with TOTP; re-enrolling needs a current code.
    const res = await p.owner.caller.req('POST', '/api/auth/mfa/totp/enrol', { currentPassword: p.owner.password });
    expect(res.statusCode).toBe(403);
    const again = await enrolTotp(p.owner.caller, clock, p.owner.password).catch((e: Error) => e.message);
    expect(String(again)).toContain('enrol failed: 403');
  });
});
