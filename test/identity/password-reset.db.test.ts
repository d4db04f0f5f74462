import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import { totpCodeAt } from '../../src/platform/auth/totp.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, Caller, createOperatorAdmin, createPracticeWithMembers, login, syntheticEmail, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
const outbox: { userId: string; token: string }[] = [];
let clinician: Account;

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock, {}, 1000, { deliverPasswordReset: async (m) => void outbox.push(m) });
  const admin = await createOperatorAdmin(app, db, clock);
  clinician = (await createPracticeWithMembers(app, clock, admin, ['clinician'])).members.clinician as Account;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const request = (email: string) => new Caller(app).req('POST', '/api/auth/password-reset/request', { email });
const complete = (body: Record<string, string>) => new Caller(app).req('POST', '/api/auth/password-reset/complete', body);
const code = (): string => {
  clock.advance(30_000);
  return totpCodeAt(clinician.totpSecret ?? '', clock.now());
};

describe('password reset', () => {
  it('answers the same whether or not the email exists', async () => {
    const unknown = await request(syntheticEmail('nobody'));
    const known = await request(clinician.email);
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(outbox.filter((m) => m.userId === clinician.userId)).toHaveLength(1);
  });

  it('sets a new password with a single-use token and the second factor, ending every session', async () => {
    const session = await login(app, clock, clinician);
    await request(clinician.email);
    const token = outbox.at(-1)?.token ?? '';
    expect((await complete({ token, newPassword: 'Copper-Meadow-Lantern-42' })).statusCode).toBe(403); // no code
    expect((await complete({ token, newPassword: 'weak', code: code() })).statusCode).toBe(400);
    expect((await complete({ token, newPassword: 'Copper-Meadow-Lantern-42', code: code() })).statusCode).toBe(204);
    expect((await session.req('GET', '/api/session')).statusCode).toBe(401);
    expect((await complete({ token, newPassword: 'Another-Harbor-Lamp-77', code: code() })).statusCode).toBe(410);
    clinician.password = 'Copper-Meadow-Lantern-42';
    await login(app, clock, clinician);
  });

  it('a token expires after 30 minutes, and a newer request replaces it', async () => {
    await request(clinician.email);
    const first = outbox.at(-1)?.token ?? '';
    await request(clinician.email);
    const second = outbox.at(-1)?.token ?? '';
    expect((await complete({ token: first, newPassword: 'Another-Harbor-Lamp-77', code: code() })).statusCode).toBe(410);
    clock.advance(30 * 60_000);
    expect((await complete({ token: second, newPassword: 'Another-Harbor-Lamp-77', code: code() })).statusCode).toBe(410);
  });
});
