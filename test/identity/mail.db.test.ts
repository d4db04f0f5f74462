import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, createOperatorAdmin, createPracticeWithMembers, login, STRONG_PASSWORD, syntheticEmail, TestClock } from '../support/identity.js';

/** Reset and invitation links go out over a real SMTP server on loopback when SMTP is configured. */
interface Received {
  to: string[];
  raw: string;
}
const inbox: Received[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let db: Database;
let app: FastifyInstance;
let plain: FastifyInstance;
const clock = new TestClock();
let owner: Account;
const PUBLIC_URL = 'https://confidant.example.test';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  db = await openTestDatabase();
  app = await buildTestApp(db, clock, { CONFIDANT_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, CONFIDANT_MAIL_FROM: 'confidant@example.test', CONFIDANT_PUBLIC_URL: PUBLIC_URL });
  // The same database without SMTP: behaves as before mail existed.
  plain = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  owner = (await createPracticeWithMembers(app, clock, admin, [])).owner;
}, 600_000);

afterAll(async () => {
  await app?.close();
  await plain?.close();
  await db?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** The body as text (nodemailer may send it quoted-printable: soft line breaks and =XX escapes). */
function bodyOf(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Reset mail is sent after the answer (so its timing says nothing): wait for it a little. */
async function waitForMail(count: number): Promise<void> {
  for (let i = 0; i < 100 && inbox.length < count; i++) await new Promise((r) => setTimeout(r, 50));
}

function linkIn(mail: Received, pathName: string): string {
  const m = bodyOf(mail.raw).match(new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}${pathName}#token=([A-Za-z0-9_%-]+)`));
  if (!m?.[1]) throw new Error(`no ${pathName} link in the mail`);
  return decodeURIComponent(m[1]);
}

describe('account mail over SMTP', () => {
  it('an invitation is mailed to the invited address; its link accepts the invitation', async () => {
    const email = syntheticEmail('mailed.staff');
    const before = inbox.length;
    const res = await owner.caller.req('POST', '/api/practice/invitations', { email, role: 'client' });
    expect(res.statusCode).toBe(201);
    expect(inbox.length).toBe(before + 1);
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual([email]);
    expect(mail.raw).toContain('Subject: You are invited to Confidant');
    const token = linkIn(mail, '/invitations');
    // The inviter still gets the token in the response, as before mail existed.
    expect((res.json() as { token: string }).token).toBe(token);
    const accepted = await new Caller(app).req('POST', '/api/invitations/accept', { token, email, displayName: 'Testy McTestface', password: STRONG_PASSWORD });
    expect(accepted.statusCode).toBe(201);
    await login(app, clock, { email, password: STRONG_PASSWORD, totpSecret: null });
  });

  it('a password reset link is mailed to the account address and sets a new password', async () => {
    const email = syntheticEmail('mailed.client');
    const invite = await owner.caller.req('POST', '/api/practice/invitations', { email, role: 'client' });
    expect((await new Caller(app).req('POST', '/api/invitations/accept', { token: (invite.json() as { token: string }).token, email, displayName: 'Testy McTestface', password: STRONG_PASSWORD })).statusCode).toBe(201);
    const before = inbox.length;
    // Typed in another case: found by blind index, mailed to the address on the account.
    expect((await new Caller(app).req('POST', '/api/auth/password-reset/request', { email: email.toUpperCase() })).statusCode).toBe(202);
    await waitForMail(before + 1);
    expect(inbox.length).toBe(before + 1);
    const mail = inbox.at(-1)!;
    expect(mail.to).toEqual([email]);
    expect(mail.raw).toContain('Subject: Reset your Confidant password');
    const token = linkIn(mail, '/reset-password');
    expect((await new Caller(app).req('POST', '/api/auth/password-reset/complete', { token, newPassword: 'Copper-Meadow-Lantern-42' })).statusCode).toBe(204);
    await login(app, clock, { email, password: 'Copper-Meadow-Lantern-42', totpSecret: null });
    // An unknown address gets the same answer and no mail.
    expect((await new Caller(app).req('POST', '/api/auth/password-reset/request', { email: syntheticEmail('nobody') })).statusCode).toBe(202);
    await waitForMail(before + 2);
    expect(inbox.length).toBe(before + 1);
  });

  it('without SMTP configured nothing is sent, and invitations still return their token', async () => {
    const email = syntheticEmail('unmailed');
    const before = inbox.length;
    const ownerOnPlain = await login(plain, clock, owner);
    const res = await ownerOnPlain.req('POST', '/api/practice/invitations', { email, role: 'client' });
    expect(res.statusCode).toBe(201);
    expect((res.json() as { token: string }).token.length).toBeGreaterThan(20);
    expect((await new Caller(plain).req('POST', '/api/auth/password-reset/request', { email: owner.email })).statusCode).toBe(202);
    await waitForMail(before + 1);
    expect(inbox.length).toBe(before);
  });
});
