import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedContentHash } from '../../src/modules/notes/content-hash.js';
import { reencryptPractice, rotateDataKey } from '../../src/platform/crypto/rotation.js';
import type { Keyring } from '../../src/platform/crypto/keyring.js';
import type { Database } from '../../src/platform/db/database.js';
import { withPracticeTx } from '../../src/platform/db/practice-tx.js';
import { asSuperuser, openTestDatabase } from '../support/db.js';
import { openTestKeyring } from '../support/keyring.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeAsAdmin, createPracticeWithMembers, inviteAsAdmin, syntheticEmail, TestClock } from '../support/identity.js';
import { addMember, clientWithTeam, failsWith, practiceRows, SOAP, superuserFailsWith, tamperAsSuperuser } from './support.js';

/**
 * Progress notes (issue 6): versions and autosave conflicts, diffs, sign and lock (HTTP and
 * triggers), addenda and amendments, the signature hash against tampering, access, audit, bad input.
 */
let db: Database;
let app: FastifyInstance;
let keyring: Keyring;
const clock = new TestClock();
let practiceId: string;
let owner: Account;
let clinician: Account;
let colleague: Account;
let outsider: Account;
let staff: Account;
let clientId: string;

const notes = (c: string = clientId): string => `/api/practice/clients/${c}/notes`;
type Note = { id: string; version: number; status: string; content: Record<string, string>; signedAt: string | null; signedBy: string | null; contentSha256: string | null; kind: string; parentId: string | null; addenda: string[]; amendments: string[]; part2: boolean };

async function newNote(author: Account = clinician, body: Record<string, unknown> = { format: 'soap', content: SOAP }): Promise<Note> {
  const res = await author.caller.req('POST', notes(), body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Note;
}

async function signed(author: Account = clinician): Promise<Note> {
  const n = await newNote(author);
  const res = await author.caller.req('POST', `${notes()}/${n.id}/sign`, { version: n.version });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Note;
}

beforeAll(async () => {
  db = await openTestDatabase();
  keyring = await openTestKeyring(db);
  app = await buildTestApp(db, clock, {}, 1000, { keyring });
  const admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['clinician', 'staff']);
  practiceId = p.practiceId;
  owner = p.owner;
  clinician = p.members.clinician as Account;
  staff = p.members.staff as Account;
  colleague = await addMember(app, clock, owner, 'clinician');
  outsider = await addMember(app, clock, owner, 'clinician');
  clientId = await clientWithTeam(owner, [clinician, colleague]);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the appointment a note documents', () => {
  it('links to an appointment of the same client; another client\'s or an unknown appointment is 400 and nothing is written', async () => {
    // Appointments are booked for registered clients (with demographics), so these two are created in full.
    const registered = async (n: string): Promise<string> => {
      const made = await owner.caller.req('POST', '/api/practice/clients', { legalFirstName: `Testy${n}`, legalLastName: 'McTestface', dateOfBirth: '1990-04-01' });
      expect(made.statusCode, made.body).toBe(201);
      expect((await owner.caller.req('PUT', `/api/practice/clients/${made.json().id}/care-team/${clinician.userId}`)).statusCode).toBe(204);
      return made.json().id as string;
    };
    const client = await registered('Appointed');
    const otherClient = await registered('Elsewhere');
    const book = async (client: string, hour: string) =>
      owner.caller.req('POST', '/api/practice/appointments', { clientId: client, clinicianId: clinician.userId, modality: 'in_person', startsAt: `2026-10-05T${hour}:00:00Z`, endsAt: `2026-10-05T${hour}:50:00Z` });
    const mine = await book(client, '09');
    const theirs = await book(otherClient, '11');
    expect([mine.statusCode, theirs.statusCode]).toEqual([201, 201]);
    const linked = await clinician.caller.req('POST', notes(client), { format: 'soap', content: SOAP, appointmentId: mine.json().id });
    expect(linked.statusCode).toBe(201);
    expect(linked.json().appointmentId).toBe(mine.json().id);
    const before = (await clinician.caller.req('GET', notes(client))).json();
    for (const appointmentId of [theirs.json().id, randomUUID()]) {
      const res = await clinician.caller.req('POST', notes(client), { format: 'soap', content: SOAP, appointmentId });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'body/appointmentId', message: 'no such appointment of this client' }]);
    }
    expect((await clinician.caller.req('GET', notes(client))).json()).toEqual(before);
  });
});

describe('drafts and versions', () => {
  it('a new note is a draft at version 1, stored as ciphertext only', async () => {
    const n = await newNote();
    expect(n).toMatchObject({ version: 1, status: 'draft', kind: 'original', format: 'soap', part2: false, appointmentId: null, content: SOAP });
    const stored = await asSuperuser(db, (run) => run(sql`select content from progress_note_versions where document_id = ${n.id}`));
    expect(stored).toHaveLength(1);
    expect(String(stored[0]!.content)).toMatch(/^cf1\.k\d+\./);
    expect(String(stored[0]!.content)).not.toContain('calmer');
  });

  it('every save is a new version; a save based on a stale version is 409 and writes nothing', async () => {
    const n = await newNote();
    const tabA = await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: { ...SOAP, assessment: 'Improving steadily.' } });
    expect(tabA.statusCode).toBe(200);
    expect(tabA.json()).toMatchObject({ version: 2 });
    const tabB = await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: { ...SOAP, plan: 'Overwrite from a stale tab.' } });
    expect(tabB.statusCode).toBe(409);
    expect(tabB.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(tabB.json()).toMatchObject({ type: 'urn:confidant:problem:version-conflict', currentVersion: 2 });
    const current = (await clinician.caller.req('GET', `${notes()}/${n.id}`)).json() as Note;
    expect(current.version).toBe(2);
    expect(current.content.plan).toBe(SOAP.plan);
    const versions = (await clinician.caller.req('GET', `${notes()}/${n.id}/versions`)).json() as { versions: { version: number; savedBy: string }[] };
    expect(versions.versions.map((v) => [v.version, v.savedBy])).toEqual([
      [1, clinician.userId],
      [2, clinician.userId],
    ]);
    const v1 = await clinician.caller.req('GET', `${notes()}/${n.id}/versions/1`);
    expect(v1.json()).toMatchObject({ version: 1, content: { assessment: 'Improving.' } });
  });

  it('two saves on the same version at the same moment: one wins, the other is 409 (row lock, not luck)', async () => {
    const n = await newNote();
    const [a, b] = await Promise.all([
      clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: { ...SOAP, plan: 'Tab A.' } }),
      clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: { ...SOAP, plan: 'Tab B.' } }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const versions = (await clinician.caller.req('GET', `${notes()}/${n.id}/versions`)).json() as { versions: unknown[] };
    expect(versions.versions).toHaveLength(2);
  });

  it('the diff between two versions marks the changed words of the changed section only', async () => {
    const n = await newNote();
    await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: { ...SOAP, objective: 'Alert, tearful, on time.' } });
    const res = await clinician.caller.req('GET', `${notes()}/${n.id}/versions/1/diff/2`);
    expect(res.statusCode).toBe(200);
    const { sections } = res.json() as { sections: { section: string; changed: boolean; parts: { op: string; text: string }[] }[] };
    expect(sections.map((s) => [s.section, s.changed])).toEqual([
      ['subjective', false],
      ['objective', true],
      ['assessment', false],
      ['plan', false],
    ]);
    expect(sections[1]!.parts.filter((p) => p.op !== 'equal')).toEqual([
      { op: 'delete', text: 'engaged' },
      { op: 'insert', text: 'tearful' },
    ]);
    expect((await clinician.caller.req('GET', `${notes()}/${n.id}/versions/1/diff/9`)).statusCode).toBe(404);
  });

  it('only the author edits a draft', async () => {
    const n = await newNote();
    const res = await colleague.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: SOAP });
    expect(res.statusCode).toBe(403);
  });
});

describe('bad input is a 4xx problem+json and writes nothing', () => {
  const count = async (): Promise<number> =>
    Number((await practiceRows<{ n: number }>(db, practiceId, sql`select count(*)::int as n from progress_note_versions`))[0]!.n);

  it('unknown format, a section of another format, wrong types, a stale body', async () => {
    const before = await count();
    const cases: [string, Record<string, unknown>, string][] = [
      ['unknown format', { format: 'freeform', content: {} }, 'body/format'],
      ['section of another format', { format: 'dap', content: { subjective: 'Wrong format' } }, 'body/content'],
      ['section not text', { format: 'soap', content: { plan: 42 } }, 'body/content/plan'],
      ['part2 not boolean', { format: 'soap', content: {}, part2: 'yes' }, 'body/part2'],
      ['appointment id not a uuid', { format: 'soap', content: {}, appointmentId: 'tuesday' }, 'body/appointmentId'],
    ];
    for (const [label, body, field] of cases) {
      const res = await clinician.caller.req('POST', notes(), body);
      expect(res.statusCode, label).toBe(400);
      expect(res.headers['content-type'], label).toMatch(/application\/problem\+json/);
      const errors = (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
      expect(errors.some((f) => f.startsWith(field)), `${label}: ${errors.join(', ')}`).toBe(true);
    }
    const n = await newNote();
    const bad = await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: { data: 'DAP section in a SOAP note' } });
    expect(bad.statusCode).toBe(400);
    expect((await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 0, content: SOAP })).statusCode).toBe(400);
    expect((await clinician.caller.req('POST', `${notes()}/${n.id}/sign`, {})).statusCode).toBe(400);
    expect(await count()).toBe(before + 1);
  });

  it('an empty note cannot be signed', async () => {
    const n = await newNote(clinician, { format: 'birp', content: {} });
    const res = await clinician.caller.req('POST', `${notes()}/${n.id}/sign`, { version: 1 });
    expect(res.statusCode).toBe(400);
    expect(((await clinician.caller.req('GET', `${notes()}/${n.id}`)).json() as Note).status).toBe('draft');
  });
});

describe('sign and lock (45 CFR 164.312(c)(1))', () => {
  it('signing stores signer, time and the SHA-256 of the canonical content; verify recomputes it', async () => {
    const n = await signed();
    expect(n.status).toBe('signed');
    expect(n.signedBy).toBe(clinician.userId);
    expect(n.signedAt).toBe(clock.now().toISOString());
    const expected = signedContentHash({ noteId: n.id, format: 'soap', content: SOAP, signedBy: clinician.userId, signedAt: new Date(n.signedAt!) });
    expect(n.contentSha256).toBe(expected);
    const v = await clinician.caller.req('GET', `${notes()}/${n.id}/verify`);
    expect(v.json()).toEqual({ signed: true, valid: true, storedSha256: expected, computedSha256: expected, reason: 'ok' });
  });

  it('signing names the version seen: a newer save makes it 409; only the author signs', async () => {
    const n = await newNote();
    await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: SOAP });
    expect((await clinician.caller.req('POST', `${notes()}/${n.id}/sign`, { version: 1 })).statusCode).toBe(409);
    expect((await colleague.caller.req('POST', `${notes()}/${n.id}/sign`, { version: 2 })).statusCode).toBe(403);
    expect((await owner.caller.req('POST', `${notes()}/${n.id}/sign`, { version: 2 })).statusCode).toBe(403);
  });

  it('a signed note refuses every change over HTTP (409)', async () => {
    const n = await signed();
    const put = await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: n.version, content: { ...SOAP, plan: 'Changed after signing.' } });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ type: 'urn:confidant:problem:document-locked' });
    expect((await clinician.caller.req('POST', `${notes()}/${n.id}/sign`, { version: n.version })).statusCode).toBe(409);
    const after = (await clinician.caller.req('GET', `${notes()}/${n.id}`)).json() as Note;
    expect(after.content).toEqual(SOAP);
    expect(after.version).toBe(n.version);
  });

  it('the database refuses changes to a signed note and to any version, even from a superuser', async () => {
    const n = await signed();
    const [row] = await practiceRows<{ id: string; content: string }>(db, practiceId, sql`select id, content from progress_note_versions where document_id = ${n.id}`);
    expect(await failsWith(db, practiceId, sql`update progress_notes set part2 = true where id = ${n.id}`)).toBe('55000');
    expect(await failsWith(db, practiceId, sql`update progress_notes set signed_at = null, signed_by = null, signed_version = null, content_sha256 = null where id = ${n.id}`)).toBe('55000');
    expect(await failsWith(db, practiceId, sql`delete from progress_notes where id = ${n.id}`)).toBe('55000');
    expect(await failsWith(db, practiceId, sql`update progress_note_versions set content = ${row!.content} where id = ${row!.id}`)).toBe('55000');
    expect(await failsWith(db, practiceId, sql`delete from progress_note_versions where id = ${row!.id}`)).toBe('55000');
    expect(
      await failsWith(db, practiceId, sql`insert into progress_note_versions (practice_id, id, document_id, version, content, saved_by, saved_at)
        values (${practiceId}, ${randomUUID()}, ${n.id}, 2, ${row!.content}, ${clinician.userId}, now())`),
    ).toBe('55000');
    expect(await superuserFailsWith(db, sql`update progress_notes set part2 = true where id = ${n.id}`)).toBe('55000');
    // The application cannot take the lock off: it owns neither the tables nor the triggers.
    expect(await failsWith(db, practiceId, sql`alter table progress_notes disable trigger progress_notes_locked`)).toBe('42501');
    expect(await failsWith(db, practiceId, sql`set local session_replication_role = replica`)).toBe('42501');
    // A draft's versions are append-only too: a save adds a row, it never rewrites one.
    const draft = await newNote();
    const [dv] = await practiceRows<{ id: string }>(db, practiceId, sql`select id from progress_note_versions where document_id = ${draft.id}`);
    expect(await failsWith(db, practiceId, sql`update progress_note_versions set saved_by = ${owner.userId} where id = ${dv!.id}`)).toBe('55000');
  });

  it('key rotation still re-encrypts signed versions (the one update the trigger allows), and the hash still verifies', async () => {
    const n = await signed();
    await rotateDataKey(db, keyring, practiceId);
    const result = await reencryptPractice(db, app.ciphers.practice, practiceId);
    expect(result.failed).toEqual([]);
    expect(result.remaining).toBe(0);
    expect((await clinician.caller.req('GET', `${notes()}/${n.id}/verify`)).json()).toMatchObject({ valid: true });
  });
});

describe('tampering fails verification', () => {
  it('a changed ciphertext: undecryptable', async () => {
    const n = await signed();
    const [row] = await practiceRows<{ id: string; content: string }>(db, practiceId, sql`select id, content from progress_note_versions where document_id = ${n.id}`);
    // One character of the authentication tag changed: still a well-formed field, no longer authentic.
    const parts = row!.content.split('.');
    const tag = parts[4]!;
    parts[4] = (tag[0] === 'A' ? 'B' : 'A') + tag.slice(1);
    await tamperAsSuperuser(db, sql`update progress_note_versions set content = ${parts.join('.')} where id = ${row!.id}`);
    const res = await clinician.caller.req('GET', `${notes()}/${n.id}/verify`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ signed: true, valid: false, reason: 'undecryptable' });
  });

  it('reading a note whose ciphertext was altered: a 500 that says so in words, and a security event for the owner and the operator', async () => {
    const n = await newNote();
    const [row] = await practiceRows<{ id: string; content: string }>(db, practiceId, sql`select id, content from progress_note_versions where document_id = ${n.id}`);
    const parts = row!.content.split('.');
    parts[4] = (parts[4]![0] === 'A' ? 'B' : 'A') + parts[4]!.slice(1);
    await tamperAsSuperuser(db, sql`update progress_note_versions set content = ${parts.join('.')} where id = ${row!.id}`);
    const res = await clinician.caller.req('GET', `${notes()}/${n.id}`);
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: expect.stringContaining('stored-data-integrity'), title: 'Stored data failed its integrity check' });
    expect(res.body).not.toContain(parts.join('.'));
    await app.ciphers.practice.flushSecurityEvents();
    const ownerEvents = (await owner.caller.req('GET', '/api/practice/security-events')).json().events as { kind: string }[];
    expect(ownerEvents.map((e) => e.kind)).toContain('decrypt_failed');
    const [audited] = await practiceRows<{ n: number }>(db, practiceId, sql`select count(*)::int as n from audit_events where action = 'decrypt_failed' and resource_id = ${`progress_note_versions.content:${row!.id}`}`);
    expect(audited!.n).toBe(1);
  });

  it('content replaced by someone holding the keys: the hash no longer matches', async () => {
    const n = await signed();
    const [row] = await practiceRows<{ id: string }>(db, practiceId, sql`select id from progress_note_versions where document_id = ${n.id}`);
    const forged = await withPracticeTx(db, { practiceId, userId: null, role: 'owner' }, (tx) =>
      app.ciphers.practice.encrypt(tx, { table: 'progress_note_versions', column: 'content', rowId: row!.id, practiceId }, JSON.stringify({ ...SOAP, plan: 'Discharge.' })),
    );
    await tamperAsSuperuser(db, sql`update progress_note_versions set content = ${forged} where id = ${row!.id}`);
    const res = await clinician.caller.req('GET', `${notes()}/${n.id}/verify`);
    expect(res.json()).toMatchObject({ signed: true, valid: false, reason: 'hash_mismatch', storedSha256: n.contentSha256 });
    expect((res.json() as { computedSha256: string }).computedSha256).not.toBe(n.contentSha256);
  });

  it('a changed stored hash: mismatch as well', async () => {
    const n = await signed();
    await tamperAsSuperuser(db, sql`update progress_notes set content_sha256 = ${'0'.repeat(64)} where id = ${n.id}`);
    expect((await clinician.caller.req('GET', `${notes()}/${n.id}/verify`)).json()).toMatchObject({ valid: false, reason: 'hash_mismatch' });
  });
});

describe('addenda and amendments', () => {
  it('an amendment is a corrected full version linked to the original, which stays intact, readable and valid', async () => {
    const original = await signed();
    const res = await colleague.caller.req('POST', `${notes()}/${original.id}/amendments`, { content: { ...SOAP, objective: 'Alert, engaged, 10 minutes late.' } });
    expect(res.statusCode, res.body).toBe(201);
    const amendment = res.json() as Note;
    expect(amendment).toMatchObject({ kind: 'amendment', parentId: original.id, status: 'draft', format: 'soap', version: 1 });
    const signedAmendment = await colleague.caller.req('POST', `${notes()}/${amendment.id}/sign`, { version: 1 });
    expect(signedAmendment.statusCode).toBe(200);
    const again = (await clinician.caller.req('GET', `${notes()}/${original.id}`)).json() as Note;
    expect(again.content).toEqual(SOAP);
    expect(again.contentSha256).toBe(original.contentSha256);
    expect(again.amendments).toEqual([amendment.id]);
    expect((await clinician.caller.req('GET', `${notes()}/${original.id}/verify`)).json()).toMatchObject({ valid: true });
    expect((await clinician.caller.req('GET', `${notes()}/${amendment.id}/verify`)).json()).toMatchObject({ valid: true });
  });

  it('an addendum appends text, is signed on its own, and is listed on the note', async () => {
    const original = await signed();
    const res = await clinician.caller.req('POST', `${notes()}/${original.id}/addenda`, { content: { text: 'Client called after the session; no new concerns.' } });
    expect(res.statusCode).toBe(201);
    const addendum = res.json() as Note;
    expect(addendum).toMatchObject({ kind: 'addendum', format: 'addendum', parentId: original.id, status: 'draft' });
    expect((await clinician.caller.req('POST', `${notes()}/${addendum.id}/sign`, { version: 1 })).json()).toMatchObject({ status: 'signed' });
    expect(((await clinician.caller.req('GET', `${notes()}/${original.id}`)).json() as Note).addenda).toEqual([addendum.id]);
    expect((await clinician.caller.req('POST', `${notes()}/${addendum.id}/amendments`, { content: { text: 'x' } })).statusCode).toBe(400);
  });

  it('a draft takes neither: edit it instead', async () => {
    const draft = await newNote();
    const res = await clinician.caller.req('POST', `${notes()}/${draft.id}/addenda`, { content: { text: 'Too early.' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ type: 'urn:confidant:problem:document-not-signed' });
    expect((await clinician.caller.req('POST', `${notes()}/${draft.id}/amendments`, { content: SOAP })).statusCode).toBe(409);
  });
});

describe('access and audit', () => {
  it('care team and owner read; staff 403; a clinician outside the care team 404', async () => {
    const n = await newNote();
    expect((await colleague.caller.req('GET', `${notes()}/${n.id}`)).statusCode).toBe(200);
    expect((await owner.caller.req('GET', `${notes()}/${n.id}`)).statusCode).toBe(200);
    expect((await staff.caller.req('GET', notes())).statusCode).toBe(403);
    expect((await staff.caller.req('GET', `${notes()}/${n.id}`)).statusCode).toBe(403);
    expect((await staff.caller.req('POST', notes(), { format: 'soap', content: SOAP })).statusCode).toBe(403);
    expect((await outsider.caller.req('GET', notes())).statusCode).toBe(404);
    expect((await outsider.caller.req('GET', `${notes()}/${n.id}`)).statusCode).toBe(404);
    // A note of this client asked for under another client of the practice is not found.
    const otherClient = await clientWithTeam(owner, [clinician]);
    expect((await clinician.caller.req('GET', `${notes(otherClient)}/${n.id}`)).statusCode).toBe(404);
  });

  it('every read and write is audited with purpose treatment, ids only', async () => {
    const n = await newNote();
    await clinician.caller.req('PUT', `${notes()}/${n.id}`, { baseVersion: 1, content: SOAP });
    await clinician.caller.req('GET', `${notes()}/${n.id}`);
    await clinician.caller.req('POST', `${notes()}/${n.id}/sign`, { version: 2 });
    const events = await practiceRows<{ action: string; purpose_of_use: string; subject_client_id: string; actor_user_id: string }>(
      db,
      practiceId,
      sql`select action, purpose_of_use, subject_client_id, actor_user_id from audit_events where resource_type = 'progress_note' and resource_id = ${n.id} order by occurred_at, id`,
    );
    expect(events.map((e) => e.action)).toEqual(['create', 'update', 'read', 'sign']);
    for (const e of events) expect(e).toMatchObject({ purpose_of_use: 'treatment', subject_client_id: clientId, actor_user_id: clinician.userId });
  });
});

describe('OpenAPI', () => {
  it('describes the note routes', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/docs/json' });
    const paths = Object.keys((doc.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/practice/clients/{clientId}/notes/{noteId}',
        '/api/practice/clients/{clientId}/notes/{noteId}/versions/{a}/diff/{b}',
        '/api/practice/clients/{clientId}/psychotherapy-notes/{noteId}/grants/{userId}',
        '/api/practice/clients/{clientId}/treatment-plans/{planId}/sign',
        '/api/practice/clients/{clientId}/record-export',
      ]),
    );
  });
});

describe('BAA gate', () => {
  it('a practice without an executed BAA cannot create notes, and nothing is written', async () => {
    const admin2 = await createOperatorAdmin(app, db, clock);
    const bare = await createPracticeAsAdmin(admin2, undefined, { baa: false });
    const email = syntheticEmail('owner');
    const bareOwner = await acceptAndOnboard(app, clock, await inviteAsAdmin(admin2, bare, email), email, 'owner');
    // The client is registered directly: every HTTP way to register one is behind the same gate.
    const bareClient = randomUUID();
    await practiceRows(db, bare, sql`insert into practice_clients (practice_id, client_id) values (${bare}, ${bareClient})`);
    const res = await bareOwner.caller.req('POST', notes(bareClient), { format: 'soap', content: SOAP });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ type: 'urn:confidant:problem:baa-required' });
    expect(await practiceRows(db, bare, sql`select 1 from progress_notes`)).toEqual([]);
  });
});
