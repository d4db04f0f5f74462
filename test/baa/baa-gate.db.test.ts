import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../../src/platform/db/roles.js';
import { asSuperuser, openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeAsAdmin, inviteAsAdmin, inviteAsOwner, SYNTHETIC_BAA, syntheticEmail, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let admin: Account;
let owner: Account;
let clinician: Account;
let practiceId: string;
const clientId = randomUUID();

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  admin = await createOperatorAdmin(app, db, clock);
  practiceId = await createPracticeAsAdmin(admin, undefined, { baa: false });
  const ownerEmail = syntheticEmail('owner');
  owner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, practiceId, ownerEmail), ownerEmail, 'owner');
  const email = syntheticEmail('clinician');
  clinician = await acceptAndOnboard(app, clock, await inviteAsOwner(owner, email, 'clinician'), email, 'clinician');
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const putOnCareTeam = () => owner.caller.req('PUT', `/api/practice/clients/${clientId}/care-team/${clinician.userId}`);
const readAccess = () => clinician.caller.req('GET', `/api/practice/clients/${clientId}/access`);

describe('BAA gate (45 CFR 164.502(e))', () => {
  it('refuses every PHI route with 403 baa-required while no BAA is executed, and records the refusal', async () => {
    expect((await owner.caller.req('GET', '/api/practice/baa')).json()).toMatchObject({ status: 'none' });
    const res = await putOnCareTeam();
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ type: 'urn:confidant:problem:baa-required', status: 403 });
    expect(res.json().detail).toMatch(/No executed Business Associate Agreement/);
    const denied = await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) =>
      tx.rows<{ n: number }>(sql`select count(*)::int as n from audit_events where outcome = 'denied' and subject_client_id = ${clientId}`),
    );
    expect(denied[0]?.n).toBe(1);
    // Nothing was written: the client id is held by no practice.
    const held = await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) => tx.rows(sql`select 1 from practice_clients where client_id = ${clientId}`));
    expect(held).toEqual([]);
  });

  it('still refuses while the BAA is pending', async () => {
    const pending = await admin.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, { status: 'pending' });
    expect(pending.statusCode).toBe(200);
    expect((await putOnCareTeam()).statusCode).toBe(403);
  });

  it('says which fields an executed BAA needs', async () => {
    const res = await admin.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, { status: 'executed' });
    expect(res.statusCode).toBe(400);
    const fields = (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['body/documentSha256', 'body/effectiveDate', 'body/signatory']);
    const badHash = await admin.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, { ...SYNTHETIC_BAA, documentSha256: 'not-a-hash' });
    expect(badHash.statusCode).toBe(400);
  });

  it('opens PHI routes once executed; owners and clinicians cannot record a BAA', async () => {
    expect((await owner.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, SYNTHETIC_BAA)).statusCode).not.toBe(200);
    const res = await admin.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, SYNTHETIC_BAA);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'executed', effectiveDate: '2026-01-01', signatory: 'Test Signatory', documentSha256: 'a'.repeat(64), recordedBy: admin.userId });
    expect((await putOnCareTeam()).statusCode).toBe(204);
    expect((await readAccess()).statusCode).toBe(200);
    expect((await owner.caller.req('GET', '/api/practice/baa')).json()).toMatchObject({ status: 'executed' });
  });

  it('after termination, reads still work and writes are refused', async () => {
    const res = await admin.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, { status: 'terminated', effectiveDate: '2026-11-30' });
    expect(res.statusCode).toBe(200);
    expect((await readAccess()).statusCode).toBe(200);
    const write = await owner.caller.req('PUT', `/api/practice/clients/${clientId}/grants/${clinician.userId}`, { view: true, edit: false, export: false, push: false });
    expect(write.statusCode).toBe(403);
    expect(write.json().detail).toMatch(/terminated/);
  });

  it('keeps the whole history, newest first, and refuses a change that makes no sense', async () => {
    const back = await admin.caller.req('PUT', `/api/admin/practices/${practiceId}/baa`, { status: 'none' });
    expect(back.statusCode).toBe(409);
    const res = await admin.caller.req('GET', `/api/admin/practices/${practiceId}/baa`);
    expect(res.json().current.status).toBe('terminated');
    expect((res.json().history as { status: string }[]).map((h) => h.status)).toEqual(['terminated', 'executed', 'pending']);
    expect((await admin.caller.req('GET', `/api/admin/practices/${randomUUID()}/baa`)).statusCode).toBe(404);
  });

  it('records are append-only even for the schema owner', async () => {
    const refusal = async (q: ReturnType<typeof sql>): Promise<string> => {
      try {
        await asSuperuser(db, (run) => run(q));
        return 'allowed';
      } catch (err) {
        // The driver wraps the database's error (Postgres) or throws it as is (PGlite).
        return `${(err as Error).message} ${((err as Error).cause as Error | undefined)?.message ?? ''}`;
      }
    };
    expect(await refusal(sql`update practice_baa_records set status = 'executed' where practice_id = ${practiceId}`)).toMatch(/append-only/);
    expect(await refusal(sql`delete from practice_baa_records where practice_id = ${practiceId}`)).toMatch(/append-only/);
  });

  it('each change is audited in the installation stream and the practice stream', async () => {
    for (const stream of [practiceId, INSTALLATION_STREAM_ID]) {
      const rows = await withPracticeTx(db, { practiceId: stream, userId: null, role: 'system' }, (tx) =>
        tx.rows<{ action: string; actor_user_id: string }>(sql`select action, actor_user_id from audit_events
          where resource_type = 'baa' and resource_id = ${practiceId} and action like 'baa\_%' order by occurred_at`),
      );
      expect(rows.map((r) => r.action)).toEqual(['baa_pending', 'baa_executed', 'baa_terminated']);
      expect(new Set(rows.map((r) => r.actor_user_id))).toEqual(new Set([admin.userId]));
    }
  });
});
