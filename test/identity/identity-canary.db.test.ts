import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, SqlRunner } from '../../src/platform/db/database.js';
import { findPlaintextPhi } from '../../src/platform/crypto/phi-inspect.js';
import { asSuperuser } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, enrolTotp, insertSetupToken, login, STRONG_PASSWORD, TestClock } from '../support/identity.js';
import { openIsolatedDatabase } from '../support/isolated-database.js';
import type { RawDatabaseSource } from '../support/raw-database.js';
import { rawDatabaseContains } from '../support/raw-database.js';

/**
 * Identity data written through the HTTP API (accounts, invitations, TOTP enrolment) must not appear
 * in the raw database: the data files of PGlite (pages and WAL) or a pg_dump of Postgres. A control
 * string written to a non-PHI column (the practice name) must appear, or the scan proves nothing.
 */
const tag = randomBytes(4).toString('hex');
const canary = {
  adminEmail: `canary.admin.${tag}@example.test`,
  adminName: `Canary Admin ${tag}`,
  ownerEmail: `canary.owner.${tag}@example.test`,
  ownerName: `Canary Owner ${tag}`,
  clientEmail: `canary.client.${tag}@example.test`,
  clientName: `Canary Client ${tag}`,
  pendingEmail: `canary.pending.${tag}@example.test`,
};
const control = `Control Practice ${tag}`;

let dir: string;
let db: Database;
let drop: () => Promise<void>;
let migrationUrl: string | null;
let app: FastifyInstance;
const clock = new TestClock();
let owner: Account;
let ownerTotpSecret: string;
let adminTotpSecret: string;
let practiceId: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-identity-canary-'));
  ({ db, drop, migrationUrl } = await openIsolatedDatabase({ pgliteDir: path.join(dir, 'pgdata') }));
  app = await buildTestApp(db, clock);

  const setup = await new Caller(app).req('POST', '/api/setup/admin', {
    setupToken: await insertSetupToken(db, clock),
    email: canary.adminEmail,
    displayName: canary.adminName,
    password: STRONG_PASSWORD,
  });
  expect(setup.statusCode).toBe(201);
  const adminCaller = await login(app, clock, { email: canary.adminEmail, password: STRONG_PASSWORD, totpSecret: null });
  adminTotpSecret = (await enrolTotp(adminCaller, clock, STRONG_PASSWORD)).secret;

  const practice = await adminCaller.req('POST', '/api/admin/practices', { name: control });
  expect(practice.statusCode).toBe(201);
  practiceId = (practice.json() as { id: string }).id;
  const ownerInvite = await adminCaller.req('POST', `/api/admin/practices/${practiceId}/invitations`, { email: canary.ownerEmail, role: 'owner' });
  expect(ownerInvite.statusCode).toBe(201);
  const ownerAccept = await new Caller(app).req('POST', '/api/invitations/accept', {
    token: (ownerInvite.json() as { token: string }).token,
    email: canary.ownerEmail,
    displayName: canary.ownerName,
    password: STRONG_PASSWORD,
  });
  expect(ownerAccept.statusCode).toBe(201);
  const ownerCaller = await login(app, clock, { email: canary.ownerEmail, password: STRONG_PASSWORD, totpSecret: null });
  ownerTotpSecret = (await enrolTotp(ownerCaller, clock, STRONG_PASSWORD)).secret;
  owner = { caller: ownerCaller, userId: (ownerAccept.json() as { userId: string }).userId, email: canary.ownerEmail, password: STRONG_PASSWORD, totpSecret: ownerTotpSecret, recoveryCodes: [] };

  const clientInvite = await ownerCaller.req('POST', '/api/practice/invitations', { email: canary.clientEmail, role: 'client' });
  expect(clientInvite.statusCode).toBe(201);
  const clientAccept = await new Caller(app).req('POST', '/api/invitations/accept', {
    token: (clientInvite.json() as { token: string }).token,
    email: canary.clientEmail,
    displayName: canary.clientName,
    password: STRONG_PASSWORD,
  });
  expect(clientAccept.statusCode).toBe(201);
  expect((await ownerCaller.req('POST', '/api/practice/invitations', { email: canary.pendingEmail, role: 'staff' })).statusCode).toBe(201);
}, 600_000);

afterAll(async () => {
  await app?.close();
  if (db?.kind === 'postgres') await db.close().catch(() => undefined);
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('identity data at rest', () => {
  it('the app still reads it: member lists show the decrypted names, sign-in finds the email by blind index whatever its case', async () => {
    const members = (await owner.caller.req('GET', '/api/practice/members')).json() as { members: { displayName: string }[] };
    expect(members.members.map((m) => m.displayName).sort()).toEqual([canary.clientName, canary.ownerName].sort());
    const session = (await owner.caller.req('GET', '/api/session')).json() as { user: { displayName: string } };
    expect(session.user.displayName).toBe(canary.ownerName);
    await login(app, clock, { email: canary.ownerEmail.toUpperCase(), password: STRONG_PASSWORD, totpSecret: ownerTotpSecret });
    // An invitation to an address that has an account joins that account (found by blind index), with its password.
    const invite = await owner.caller.req('POST', '/api/practice/invitations', { email: canary.adminEmail.toUpperCase(), role: 'researcher' });
    const accepted = await new Caller(app).req('POST', '/api/invitations/accept', { token: (invite.json() as { token: string }).token, email: canary.adminEmail, displayName: 'ignored for an existing account', password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    expect((accepted.json() as { userId: string }).userId).not.toBe(owner.userId);
  });

  it('every registered PHI column holds only encrypted fields', async () => {
    expect(await asSuperuser(db, (run) => findPlaintextPhi({ rows: run as SqlRunner['rows'], exec: async () => undefined, orm: db.orm }))).toEqual([]);
    const [row] = await db.rows<{ n: number }>(sql`select count(*)::int as n from users where email like 'cf1.%' and email_bidx like 'bi1.%' and display_name like 'cf1.%'`);
    expect(row?.n).toBe(3);
  });

  it('none of the canaries (emails, names, TOTP secrets) is in the raw database; the plain control is', async () => {
    let source: RawDatabaseSource;
    await app.close();
    if (db.kind === 'pglite') {
      await db.close(); // flushes pages and WAL to the directory
      source = { dataDir: path.join(dir, 'pgdata') };
    } else {
      source = { postgresUrl: migrationUrl! };
    }
    const needles = [...new Set([control, ...Object.values(canary), ...Object.values(canary).map((v) => v.toLowerCase()), ownerTotpSecret, adminTotpSecret])];
    expect(await rawDatabaseContains(source, needles)).toEqual([control]);
  });
});
