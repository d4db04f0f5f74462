import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, createOperatorAdmin, createPracticeWithMembers, TestClock } from '../support/identity.js';
import { addMember, clientWithTeam, failsWith, practiceRows } from './support.js';

/**
 * Psychotherapy notes (45 CFR 164.501): their own tables and routes; the author and the author's
 * grantees only (never staff, other clinicians or the owner); out of the record export; per-note
 * AI opt-in; the same versioning and lock as progress notes.
 */
let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let practiceId: string;
let owner: Account;
let author: Account;
let colleague: Account;
let staff: Account;
let clientId: string;

const base = (): string => `/api/practice/clients/${clientId}/psychotherapy-notes`;
const TEXT = 'Process note: Testy McTestface connected the dream imagery to the early move.';
type PNote = { id: string; version: number; status: string; aiOptIn: boolean; content: { text: string }; kind: string; addenda: string[] };

async function newNote(by: Account = author, body: Record<string, unknown> = { content: { text: TEXT } }): Promise<PNote> {
  const res = await by.caller.req('POST', base(), body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as PNote;
}

beforeAll(async () => {
  db = await openTestDatabase();
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = p.practiceId;
  owner = p.owner;
  author = p.members.clinician as Account;
  staff = p.members.staff as Account;
  colleague = await addMember(app, clock, owner, 'clinician');
  clientId = await clientWithTeam(owner, [author, colleague]);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('who sees a psychotherapy note', () => {
  it('the author reads and lists it; the AI opt-in is off unless set', async () => {
    const n = await newNote();
    expect(n).toMatchObject({ status: 'draft', version: 1, aiOptIn: false, content: { text: TEXT } });
    expect((await author.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(200);
    const list = (await author.caller.req('GET', base())).json() as { documents: { id: string }[] };
    expect(list.documents.map((d) => d.id)).toContain(n.id);
    const stored = await practiceRows<{ content: string }>(db, practiceId, sql`select content from psychotherapy_note_versions where document_id = ${n.id}`);
    expect(stored[0]!.content).toMatch(/^cf1\./);
  });

  it('a clinician of the same care team: not found, not listed, cannot write into it', async () => {
    const n = await newNote();
    expect((await colleague.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(404);
    expect((await colleague.caller.req('GET', `${base()}/${n.id}/versions`)).statusCode).toBe(404);
    expect((await colleague.caller.req('GET', `${base()}/${n.id}/verify`)).statusCode).toBe(404);
    expect((await colleague.caller.req('PUT', `${base()}/${n.id}`, { baseVersion: 1, content: { text: 'x' } })).statusCode).toBe(404);
    expect(((await colleague.caller.req('GET', base())).json() as { documents: unknown[] }).documents).toEqual([]);
    // The same 404 as for an id that does not exist, but the attempt is on record.
    const missing = await colleague.caller.req('GET', `${base()}/${randomUUID()}`);
    const hidden = await colleague.caller.req('GET', `${base()}/${n.id}`);
    expect(hidden.json()).toMatchObject({ type: missing.json().type, detail: missing.json().detail });
    const denied = await practiceRows<{ actor_user_id: string; action: string }>(db, practiceId, sql`select actor_user_id, action from audit_events
      where resource_type = 'psychotherapy_note' and resource_id = ${n.id} and outcome = 'denied' order by occurred_at, id`);
    expect(denied.map((d) => d.action)).toEqual(['read', 'read', 'read', 'update', 'read']);
    expect(new Set(denied.map((d) => d.actor_user_id))).toEqual(new Set([colleague.userId]));
  });

  it('the practice owner: not found and not listed either (164.508(a)(2): the owner is not the author)', async () => {
    const n = await newNote();
    expect((await owner.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(404);
    expect(((await owner.caller.req('GET', base())).json() as { documents: { id: string }[] }).documents.map((d) => d.id)).not.toContain(n.id);
    expect((await owner.caller.req('PUT', `${base()}/${n.id}/grants/${owner.userId}`)).statusCode).toBe(404);
  });

  it('staff: refused outright', async () => {
    const n = await newNote();
    expect((await staff.caller.req('GET', base())).statusCode).toBe(403);
    expect((await staff.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(403);
    expect((await staff.caller.req('POST', base(), { content: { text: 'x' } })).statusCode).toBe(403);
  });

  it('psychotherapy notes are not progress notes: the notes routes do not know their ids', async () => {
    const n = await newNote();
    expect((await author.caller.req('GET', `/api/practice/clients/${clientId}/notes/${n.id}`)).statusCode).toBe(404);
    const progress = (await author.caller.req('GET', `/api/practice/clients/${clientId}/notes`)).json() as { documents: { id: string }[] };
    expect(progress.documents.map((d) => d.id)).not.toContain(n.id);
  });
});

describe('grants by the author', () => {
  it('let a colleague read (not write) the note and its addenda, and are revocable', async () => {
    const n = await newNote();
    await author.caller.req('POST', `${base()}/${n.id}/sign`, { version: 1 });
    const addendum = (await author.caller.req('POST', `${base()}/${n.id}/addenda`, { content: { text: 'Follow-up thought.' } })).json() as PNote;
    expect((await author.caller.req('PUT', `${base()}/${n.id}/grants/${colleague.userId}`)).statusCode).toBe(204);
    const grants = (await author.caller.req('GET', `${base()}/${n.id}/grants`)).json() as { grants: { userId: string }[] };
    expect(grants.grants.map((g) => g.userId)).toEqual([colleague.userId]);

    const read = await colleague.caller.req('GET', `${base()}/${n.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ content: { text: TEXT }, addenda: [addendum.id] });
    expect((await colleague.caller.req('GET', `${base()}/${addendum.id}`)).statusCode).toBe(200);
    expect(((await colleague.caller.req('GET', base())).json() as { documents: { id: string }[] }).documents.map((d) => d.id).sort()).toEqual([n.id, addendum.id].sort());
    expect((await colleague.caller.req('POST', `${base()}/${n.id}/addenda`, { content: { text: 'Not mine to add.' } })).statusCode).toBe(403);
    expect((await colleague.caller.req('PUT', `${base()}/${n.id}/grants/${owner.userId}`)).statusCode).toBe(403);
    // The owner still sees nothing: the grant named the colleague only.
    expect((await owner.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(404);

    expect((await author.caller.req('DELETE', `${base()}/${n.id}/grants/${colleague.userId}`)).statusCode).toBe(204);
    expect((await colleague.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(404);
    expect((await colleague.caller.req('GET', `${base()}/${addendum.id}`)).statusCode).toBe(404);
    expect((await author.caller.req('DELETE', `${base()}/${n.id}/grants/${colleague.userId}`)).statusCode).toBe(404);

    const events = await practiceRows<{ action: string }>(db, practiceId, sql`select action from audit_events
      where resource_type = 'psychotherapy_note' and resource_id = ${n.id} and action in ('grant', 'revoke_grant') order by occurred_at, id`);
    expect(events.map((e) => e.action)).toEqual(['grant', 'revoke_grant']);
  });

  it('the owner can be granted explicitly; staff never', async () => {
    const n = await newNote();
    expect((await author.caller.req('PUT', `${base()}/${n.id}/grants/${staff.userId}`)).statusCode).toBe(400);
    expect((await author.caller.req('PUT', `${base()}/${n.id}/grants/${owner.userId}`)).statusCode).toBe(204);
    expect((await owner.caller.req('GET', `${base()}/${n.id}`)).statusCode).toBe(200);
    expect(await practiceRows(db, practiceId, sql`select 1 from psychotherapy_note_grants where document_id = ${n.id} and user_id = ${staff.userId}`)).toEqual([]);
  });
});

describe('versions, lock and the AI opt-in', () => {
  it('the same rules as progress notes: conflicts, sign, lock (HTTP and trigger), verify', async () => {
    const n = await newNote();
    expect((await author.caller.req('PUT', `${base()}/${n.id}`, { baseVersion: 1, content: { text: `${TEXT} More.` } })).statusCode).toBe(200);
    expect((await author.caller.req('PUT', `${base()}/${n.id}`, { baseVersion: 1, content: { text: 'stale' } })).statusCode).toBe(409);
    const diff = (await author.caller.req('GET', `${base()}/${n.id}/versions/1/diff/2`)).json() as { sections: { changed: boolean }[] };
    expect(diff.sections.map((s) => s.changed)).toEqual([true]);
    const signed = await author.caller.req('POST', `${base()}/${n.id}/sign`, { version: 2 });
    expect(signed.json()).toMatchObject({ status: 'signed' });
    expect((await author.caller.req('PUT', `${base()}/${n.id}`, { baseVersion: 2, content: { text: 'after' } })).statusCode).toBe(409);
    expect(await failsWith(db, practiceId, sql`update psychotherapy_notes set appointment_id = gen_random_uuid() where id = ${n.id}`)).toBe('55000');
    expect((await author.caller.req('GET', `${base()}/${n.id}/verify`)).json()).toMatchObject({ valid: true });
  });

  it('the author sets the AI opt-in per note, also once signed; nobody else can', async () => {
    const n = await newNote(author, { content: { text: TEXT }, aiOptIn: true });
    expect(n.aiOptIn).toBe(true);
    await author.caller.req('POST', `${base()}/${n.id}/sign`, { version: 1 });
    const off = await author.caller.req('PUT', `${base()}/${n.id}/ai-opt-in`, { aiOptIn: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ aiOptIn: false, status: 'signed' });
    const [row] = await practiceRows<{ ai_opt_in: boolean }>(db, practiceId, sql`select ai_opt_in from psychotherapy_notes where id = ${n.id}`);
    expect(row!.ai_opt_in).toBe(false);
    expect((await colleague.caller.req('PUT', `${base()}/${n.id}/ai-opt-in`, { aiOptIn: true })).statusCode).toBe(404);
    expect((await author.caller.req('PUT', `${base()}/${n.id}/ai-opt-in`, { aiOptIn: 'yes' })).statusCode).toBe(400);
  });
});

describe('record export', () => {
  it('never contains psychotherapy notes, for the owner or for the author', async () => {
    const n = await newNote();
    await author.caller.req('POST', `${base()}/${n.id}/sign`, { version: 1 });
    for (const who of [owner, author]) {
      for (const q of ['', '?includePart2=true']) {
        const res = await who.caller.req('GET', `/api/practice/clients/${clientId}/record-export${q}`);
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain(n.id);
        expect(res.body).not.toContain('dream imagery');
        expect(res.json()).toMatchObject({ excluded: expect.arrayContaining([expect.stringMatching(/psychotherapy notes/)]) });
      }
    }
  });
});
