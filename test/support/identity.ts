import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.js';
import type { AppDeps } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/platform/db/database.js';
import { openTestKeyring } from './keyring.js';
import { createLogger } from '../../src/platform/logger.js';
import { hashSetupToken } from '../../src/platform/setup/first-start.js';
import { totpCodeAt } from '../../src/platform/auth/totp.js';
import { CSRF_HEADER } from '../../src/platform/auth/csrf.js';
import { DEV_SESSION_COOKIE } from '../../src/platform/auth/cookie.js';

/** A clock the test moves by hand: idle and absolute timeouts, expiries, TOTP steps. */
export class TestClock {
  constructor(public current = new Date()) {}
  now = (): Date => new Date(this.current.getTime());
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const STRONG_PASSWORD = 'Velvet-Harbor-Quartz-91';

export function syntheticEmail(label = 'person'): string {
  return `synthetic.${label}.${randomUUID().slice(0, 8)}@example.test`;
}

export async function buildTestApp(db: Database, clock: TestClock, env: Record<string, string> = {}, authRateLimitPerMinute = 1000, extra: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ NODE_ENV: 'test', CONFIDANT_DATA_DIR: '/tmp/confidant-test-unused', ...env });
  const app = await buildApp({ config, db, logger: createLogger(process.env.CONFIDANT_TEST_LOG ?? 'silent'), now: clock.now, authRateLimitPerMinute, keyring: extra.keyring ?? (await openTestKeyring(db)), ...extra });
  await app.ready();
  return app;
}

/** A setup token straight into the table (other test files may already have set up an admin). */
export async function insertSetupToken(db: Database, clock: TestClock): Promise<string> {
  const token = `setup-${randomUUID()}-${randomUUID()}`;
  await db.rows(sql`insert into installation_setup_tokens (token_hash, expires_at)
    values (${hashSetupToken(token)}, ${new Date(clock.now().getTime() + 3600_000).toISOString()}::timestamptz)`);
  return token;
}

/** An HTTP caller with a cookie jar; sends the CSRF header like the web app does. */
export class Caller {
  cookie: string | null = null;
  constructor(readonly app: FastifyInstance, readonly ip = '127.0.0.1') {}

  async req(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        [CSRF_HEADER]: '1',
        ...(this.cookie ? { cookie: `${DEV_SESSION_COOKIE}=${this.cookie}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    const set = res.cookies.find((c) => c.name === DEV_SESSION_COOKIE);
    if (set) this.cookie = set.value || null;
    return res;
  }
}

export interface Account {
  caller: Caller;
  userId: string;
  email: string;
  password: string;
  totpSecret: string | null;
  recoveryCodes: string[];
}

/** Logs in, with the next TOTP step when the account has a secret (the clock moves 30 s so codes never repeat). */
export async function login(app: FastifyInstance, clock: TestClock, account: Pick<Account, 'email' | 'password' | 'totpSecret'>, ip?: string): Promise<Caller> {
  const caller = new Caller(app, ip);
  const body: Record<string, string> = { email: account.email, password: account.password };
  if (account.totpSecret) {
    clock.advance(30_000);
    body.code = totpCodeAt(account.totpSecret, clock.now());
  }
  const res = await caller.req('POST', '/api/auth/login', body);
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return caller;
}

/** Enrols TOTP on a signed-in caller; returns the secret and the recovery codes. */
export async function enrolTotp(caller: Caller, clock: TestClock, password: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await caller.req('POST', '/api/auth/mfa/totp/enrol', { currentPassword: password });
  if (start.statusCode !== 200) throw new Error(`enrol failed: ${start.statusCode} ${start.body}`);
  const secret = (start.json() as { secret: string }).secret;
  clock.advance(30_000);
  const confirm = await caller.req('POST', '/api/auth/mfa/totp/confirm', { code: totpCodeAt(secret, clock.now()) });
  if (confirm.statusCode !== 200) throw new Error(`confirm failed: ${confirm.statusCode} ${confirm.body}`);
  return { secret, recoveryCodes: (confirm.json() as { recoveryCodes: string[] }).recoveryCodes };
}

/** Setup token -> operator admin -> login -> TOTP enrolled. */
export async function createOperatorAdmin(app: FastifyInstance, db: Database, clock: TestClock): Promise<Account> {
  const email = syntheticEmail('admin');
  const token = await insertSetupToken(db, clock);
  const res = await new Caller(app).req('POST', '/api/setup/admin', { setupToken: token, email, displayName: 'Test Admin', password: STRONG_PASSWORD });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  const caller = await login(app, clock, { email, password: STRONG_PASSWORD, totpSecret: null });
  const { secret, recoveryCodes } = await enrolTotp(caller, clock, STRONG_PASSWORD);
  return { caller, userId: (res.json() as { userId: string }).userId, email, password: STRONG_PASSWORD, totpSecret: secret, recoveryCodes };
}

export const SYNTHETIC_BAA = { status: 'executed', effectiveDate: '2026-01-01', signatory: 'Test Signatory', documentSha256: 'a'.repeat(64) } as const;

/** A practice created by the operator; by default with an executed BAA on record, as PHI routes need. */
export async function createPracticeAsAdmin(admin: Account, name = `Test Practice ${randomUUID().slice(0, 8)}`, opts: { baa?: boolean } = {}): Promise<string> {
  const res = await admin.caller.req('POST', '/api/admin/practices', { name });
  if (res.statusCode !== 201) throw new Error(`practice failed: ${res.statusCode} ${res.body}`);
  const id = (res.json() as { id: string }).id;
  if (opts.baa !== false) {
    const baa = await admin.caller.req('PUT', `/api/admin/practices/${id}/baa`, SYNTHETIC_BAA);
    if (baa.statusCode !== 200) throw new Error(`BAA failed: ${baa.statusCode} ${baa.body}`);
  }
  return id;
}

/** Accepts an invitation token, logs in, and enrols TOTP when the role requires it. */
export async function acceptAndOnboard(app: FastifyInstance, clock: TestClock, token: string, email: string, role: string): Promise<Account> {
  const password = STRONG_PASSWORD;
  const accepted = await new Caller(app).req('POST', '/api/invitations/accept', { token, email, displayName: `Test ${role} ${randomUUID().slice(0, 4)}`, password });
  if (accepted.statusCode !== 201) throw new Error(`accept failed: ${accepted.statusCode} ${accepted.body}`);
  const caller = await login(app, clock, { email, password, totpSecret: null });
  let totpSecret: string | null = null;
  let recoveryCodes: string[] = [];
  if (role !== 'client') ({ secret: totpSecret, recoveryCodes } = await enrolTotp(caller, clock, password));
  return { caller, userId: (accepted.json() as { userId: string }).userId, email, password, totpSecret, recoveryCodes };
}

export async function inviteAsAdmin(admin: Account, practiceId: string, email: string): Promise<string> {
  const res = await admin.caller.req('POST', `/api/admin/practices/${practiceId}/invitations`, { email, role: 'owner' });
  if (res.statusCode !== 201) throw new Error(`invite failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export async function inviteAsOwner(owner: Account, email: string, role: string): Promise<string> {
  const res = await owner.caller.req('POST', '/api/practice/invitations', { email, role });
  if (res.statusCode !== 201) throw new Error(`invite failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

/** A practice with an owner and members of the given roles, all onboarded through HTTP. */
export async function createPracticeWithMembers(
  app: FastifyInstance,
  clock: TestClock,
  admin: Account,
  roles: string[],
): Promise<{ practiceId: string; owner: Account; members: Record<string, Account> }> {
  const practiceId = await createPracticeAsAdmin(admin);
  const ownerEmail = syntheticEmail('owner');
  const owner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, practiceId, ownerEmail), ownerEmail, 'owner');
  const members: Record<string, Account> = {};
  for (const role of roles) {
    const email = syntheticEmail(role);
    members[role] = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, role), email, role);
  }
  return { practiceId, owner, members };
}
