import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import type { ConsentKind } from '../../src/modules/consents/consent-kinds.js';
import { hasConsent } from '../../src/modules/consents/service.js';
import { openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeAsAdmin, createPracticeWithMembers, inviteAsAdmin, syntheticEmail, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock(new Date('2026-06-01T12:00:00Z'));
let practiceId: string;
let owner: Account;
let clinician: Account;
let staff: Account;
let admin: Account;
const clientId = randomUUID();

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  const main = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = main.practiceId;
  owner = main.owner;
  clinician = main.members.clinician!;
  staff = main.members.staff!;
  expect((await owner.caller.req('PUT', `/api/practice/clients/${clientId}/care-team/${clinician.userId}`)).statusCode).toBe(204);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const url = `/api/practice/clients/${clientId}/consents`;
const record = (body: Record<string, unknown>, who: Account = clinician) => who.caller.req('POST', url, body);
const inTx = <T>(work: Parameters<typeof withPracticeTx<T>>[2]) => withPracticeTx(db, { practiceId, userId: clinician.userId, role: 'clinician' }, work);
const check = (kind: ConsentKind, opts: { at?: Date; requiredVersion?: number } = {}) => inTx((tx) => hasConsent(tx, clientId, kind, { at: clock.now(), ...opts }));
const stateOf = async (kind: ConsentKind) => ((await clinician.caller.req('GET', url)).json().consents as { kind: string; active: boolean; latest: unknown }[]).find((c) => c.kind === kind)!;
const recordCount = () => inTx((tx) => tx.rows<{ n: number }>(sql`select count(*)::int as n from consent_records where client_id = ${clientId}`)).then((r) => r[0]!.n);

describe('consents (45 CFR 164.508, 164.522(b), 42 CFR Part 2)', () => {
  it('with no record, every kind is absent and hasConsent says no', async () => {
    const res = await clinician.caller.req('GET', url);
    expect(res.statusCode).toBe(200);
    expect(res.json().consents.map((c: { kind: string; active: boolean }) => [c.kind, c.active])).toEqual([
      ['session_recording', false],
      ['sms', false],
      ['ai_processing', false],
      ['part2_disclosure', false],
    ]);
    expect(res.json().consents[1].text).toMatch(/not encrypted/);
    expect(await check('session_recording')).toBe(false);
  });

  it('a grant records who gave it, how, which version, when and who recorded it; hasConsent then says yes', async () => {
    const res = await record({ kind: 'sms', decision: 'granted', method: 'written', decidedAt: '2026-05-31T09:00:00Z' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'sms', decision: 'granted', version: 1, method: 'written', givenBy: 'client', decidedAt: '2026-05-31T09:00:00.000Z', recordedBy: clinician.userId, expiresAt: null });
    expect((await stateOf('sms')).active).toBe(true);
    expect(await check('sms')).toBe(true);
    // One kind never stands in for another.
    expect(await check('ai_processing')).toBe(false);
    const audited = await inTx((tx) => tx.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where action = 'consent_grant' and resource_id = ${res.json().id}`));
    expect(audited[0]!.n).toBe(1);
  });

  it('a withdrawal is a new record: the grant stays in the history and hasConsent says no', async () => {
    clock.advance(60_000);
    const res = await record({ kind: 'sms', decision: 'withdrawn', method: 'verbal' });
    expect(res.statusCode).toBe(201);
    expect(await check('sms')).toBe(false);
    // Before the withdrawal it was in force.
    expect(await check('sms', { at: new Date('2026-06-01T11:00:00Z') })).toBe(true);
    const history = (await clinician.caller.req('GET', `${url}/history`)).json().records;
    expect(history.map((r: { kind: string; decision: string }) => [r.kind, r.decision])).toEqual([
      ['sms', 'granted'],
      ['sms', 'withdrawn'],
    ]);
    expect((await stateOf('sms')).latest).toMatchObject({ decision: 'withdrawn', method: 'verbal' });
  });

  it('consent given again after a withdrawal counts', async () => {
    clock.advance(60_000);
    expect((await record({ kind: 'sms', decision: 'granted', method: 'electronic', givenBy: 'personal_representative' })).statusCode).toBe(201);
    expect(await check('sms')).toBe(true);
    expect((await stateOf('sms')).active).toBe(true);
  });

  it('a consent to an older version than the one required counts as absent', async () => {
    expect((await record({ kind: 'ai_processing', decision: 'granted', method: 'portal' })).statusCode).toBe(201);
    expect(await check('ai_processing')).toBe(true);
    // The practice has raised the text to version 2: the version-1 consent no longer serves.
    expect(await check('ai_processing', { requiredVersion: 2 })).toBe(false);
  });

  it('a Part 2 consent may carry an expiry, after which it no longer counts', async () => {
    expect((await record({ kind: 'part2_disclosure', decision: 'granted', method: 'written', expiresAt: '2026-07-01T00:00:00Z' })).statusCode).toBe(201);
    expect(await check('part2_disclosure')).toBe(true);
    expect(await check('part2_disclosure', { at: new Date('2026-07-01T00:00:00Z') })).toBe(false);
  });

  it.each([
    ['a version newer than the current text', { kind: 'sms', decision: 'granted', method: 'written', version: 2 }, 400],
    ['an expiry on a kind that has none', { kind: 'sms', decision: 'granted', method: 'written', expiresAt: '2026-12-01T00:00:00Z' }, 400],
    ['a decision in the future', { kind: 'sms', decision: 'granted', method: 'written', decidedAt: '2026-07-01T00:00:00Z' }, 400],
    ['an unknown kind', { kind: 'telepathy', decision: 'granted', method: 'written' }, 400],
    ['an unknown method', { kind: 'sms', decision: 'granted', method: 'carrier pigeon' }, 400],
    ['free text the record does not take', { kind: 'sms', decision: 'granted', method: 'written', note: 'Testy McTestface said yes' }, 400],
  ])('refuses %s with a problem+json and writes nothing', async (_label, body, status) => {
    const before = await recordCount();
    const res = await record(body);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await recordCount()).toBe(before);
  });

  it('staff neither record nor read consents; the history cannot be rewritten by the application role', async () => {
    expect((await record({ kind: 'sms', decision: 'withdrawn', method: 'verbal' }, staff)).statusCode).toBe(403);
    expect((await staff.caller.req('GET', url)).statusCode).toBe(403);
    const attempt = (q: ReturnType<typeof sql>) => inTx((tx) => tx.rows(q)).then(() => 'ok', (e: unknown) => String((e as Error).message));
    expect(await attempt(sql`update consent_records set decision = 'granted' where client_id = ${clientId}`)).toMatch(/permission denied/);
    expect(await attempt(sql`delete from consent_records where client_id = ${clientId}`)).toMatch(/permission denied/);
  });
});

describe('BAA gate', () => {
  it('a practice without an executed BAA cannot administer an instrument or record a consent (403 baa-required), nothing written', async () => {
    const noBaa = await createPracticeAsAdmin(admin, undefined, { baa: false });
    const email = syntheticEmail('owner');
    const noBaaOwner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, noBaa, email), email, 'owner');
    const id = randomUUID();
    await withPracticeTx(db, { practiceId: noBaa, userId: null, role: 'system' }, (tx) => tx.rows(sql`insert into practice_clients (practice_id, client_id) values (${noBaa}, ${id})`));
    const base = `/api/practice/clients/${id}`;
    const attempts = [
      await noBaaOwner.caller.req('POST', `${base}/assessments`, { instrumentId: 'gad-7', answers: { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0 } }),
      await noBaaOwner.caller.req('POST', `${base}/consents`, { kind: 'sms', decision: 'granted', method: 'written' }),
      await noBaaOwner.caller.req('GET', '/api/practice/crisis-alerts'),
      await noBaaOwner.caller.req('GET', `${base}/assessments/trend?instrument=gad-7`),
    ];
    for (const res of attempts) {
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe('urn:confidant:problem:baa-required');
    }
    const written = await withPracticeTx(db, { practiceId: noBaa, userId: null, role: 'system' }, (tx) =>
      tx.rows<{ n: number }>(sql`select (select count(*) from assessment_administrations)::int + (select count(*) from consent_records)::int as n`),
    );
    expect(written[0]!.n).toBe(0);
  });
});
