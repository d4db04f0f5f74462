import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, openTestDatabase } from '../support/db.js';
import { openTestKeyring } from '../support/keyring.js';
import type { Database } from '../../src/platform/db/database.js';
import type { Keyring } from '../../src/platform/crypto/keyring.js';
import { clientsImport } from '../../src/cli/clients.js';
import type { Account } from '../support/identity.js';
import { acceptAndOnboard, buildTestApp, createOperatorAdmin, createPracticeAsAdmin, createPracticeWithMembers, inviteAsAdmin, syntheticEmail, TestClock } from '../support/identity.js';

/** CSV import for a practice moving in: the HTTP route for owners and the CLI, over one service. */
let db: Database;
let app: FastifyInstance;
let keyring: Keyring;
let dir: string;
const clock = new TestClock(new Date('2026-06-01T12:00:00Z'));
let admin: Account;
let practiceId: string;
let owner: Account;
let staff: Account;
const tag = randomUUID().slice(0, 6);

const HEADER = 'Legal First Name,legal_last_name,date_of_birth,email,phone,guardian_name';
const good = (n: string): string => `Testy${n},Import${tag},1990-04-01,import.${n.toLowerCase()}.${tag}@example.test,(201) 555-01${String(n.length).padStart(2, '0')},`;
/** Rows 2 and 4 good; 3 (bad date, bad email), 5 (a minor without guardian) and 6 (repeats row 2's email) bad. */
const mixed = [
  HEADER,
  good('Alpha'),
  `Testb,Import${tag},1990-13-45,not-an-email-Qx7,,`,
  good('Charlie'),
  `Testd,Import${tag},2015-02-02,,,`,
  `Teste,Import${tag},1980-01-01,import.alpha.${tag}@example.test,,`,
].join('\n');

const countClients = async (practice: string): Promise<number> =>
  asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from clients where practice_id = ${practice}`))[0]!.n));
const importEvents = async (practice: string, outcome: string): Promise<number> =>
  asSuperuser(db, async (run) => Number((await run(sql`select count(*)::int as n from audit_events where practice_id = ${practice} and action = 'import' and outcome = ${outcome}`))[0]!.n));

interface Report {
  mode: string;
  rows: number;
  imported: number;
  rejectedRows: number;
  problems: { row: number; field: string; message: string }[];
  refused: boolean;
}

beforeAll(async () => {
  db = await openTestDatabase();
  keyring = await openTestKeyring(db);
  app = await buildTestApp(db, clock, {}, 1000, { keyring });
  admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['staff']);
  practiceId = p.practiceId;
  owner = p.owner;
  staff = p.members.staff!;
  dir = mkdtempSync(path.join(tmpdir(), 'confidant-import-'));
});
afterAll(async () => {
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CSV import over HTTP (owners)', () => {
  it('all or nothing: a file with bad rows gives a report by row and field, without values, and writes nothing', async () => {
    const before = await countClients(practiceId);
    const res = await owner.caller.req('POST', '/api/practice/clients/import', undefined, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(400);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/practice/clients/import',
      headers: { 'content-type': 'text/csv', 'x-confidant-csrf': '1', cookie: `confidant_session=${owner.caller.cookie}` },
      payload: mixed,
    });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const report = (refused.json() as { report: Report }).report;
    expect(report).toMatchObject({ mode: 'all_or_nothing', rows: 5, imported: 0, rejectedRows: 3, refused: true });
    expect(report.problems).toEqual([
      { row: 3, field: 'date_of_birth', message: 'expected a date as YYYY-MM-DD' },
      { row: 3, field: 'email', message: 'not a valid email address' },
      { row: 5, field: 'guardian_name', message: 'required for a client under 18' },
      { row: 6, field: 'email', message: 'same email as line 2' },
    ]);
    for (const value of ["Qx7", "1990-13-45", "Testb", `Import${tag}`]) expect(refused.body).not.toContain(value);
    expect(await countClients(practiceId)).toBe(before);
    expect(await importEvents(practiceId, 'error')).toBe(1);
  });

  it('partial: only the good rows are written, encrypted and searchable; then the same emails are duplicates', async () => {
    const before = await countClients(practiceId);
    const res = await owner.caller.req('POST', '/api/practice/clients/import?partial=true', { csv: mixed });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'partial', rows: 5, imported: 2, rejectedRows: 3, refused: false });
    expect(await countClients(practiceId)).toBe(before + 2);
    const found = await owner.caller.req('POST', '/api/practice/clients/search', { email: `import.charlie.${tag}@example.test` });
    expect((found.json() as { clients: { demographics: { legalFirstName: string } }[] }).clients.map((c) => c.demographics.legalFirstName)).toEqual(['TestyCharlie']);
    const stored = await asSuperuser(db, async (run) => (await run(sql`select demographics from clients where practice_id = ${practiceId}`)).map((r) => r.demographics as string));
    expect(stored.every((v) => v.startsWith('cf1.') && !v.includes('Testy'))).toBe(true);
    expect(await importEvents(practiceId, 'success')).toBe(1);

    const again = await owner.caller.req('POST', '/api/practice/clients/import', { csv: [HEADER, good('Alpha'), good('Delta')].join('\n') });
    expect(again.statusCode).toBe(422);
    expect((again.json() as { report: Report }).report.problems).toEqual([{ row: 2, field: 'email', message: 'a client with this email is already on file' }]);
    expect(await countClients(practiceId)).toBe(before + 2);
  });

  it('a file that is not a client CSV is a 400 naming the problem; staff may not import', async () => {
    const res = await owner.caller.req('POST', '/api/practice/clients/import', { csv: 'first,last,ssn\nA,B,123' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('unknown columns');
    expect(res.body).not.toContain('123');
    expect((await staff.caller.req('POST', '/api/practice/clients/import', { csv: mixed })).statusCode).toBe(403);
  });
});

describe('confidant clients import (CLI)', () => {
  const io = () => {
    const lines: string[] = [];
    const progress: number[] = [];
    return { lines, progress, io: { out: (l: string) => lines.push(l), progress: () => ({ update: (d: number) => progress.push(d), stop: () => undefined }) } };
  };

  it('refuses a file with bad rows (exit 1, nothing written), imports the good rows with --partial, with progress', async () => {
    const p = await createPracticeWithMembers(app, clock, admin, []);
    const file = path.join(dir, 'mixed.csv');
    writeFileSync(file, mixed.replaceAll(tag, `${tag}c`));
    const first = io();
    expect(await clientsImport({ db, keyring, io: first.io }, { practice: p.practiceId, file })).toBe(1);
    expect(first.lines).toContain('line 5, guardian_name: required for a client under 18');
    expect(first.lines.join('\n')).not.toMatch(/Qx7|Testb/);
    expect(await countClients(p.practiceId)).toBe(0);

    const second = io();
    expect(await clientsImport({ db, keyring, io: second.io }, { practice: p.practiceId, file, partial: true })).toBe(0);
    expect(second.progress).toEqual([1, 2]);
    expect(second.lines.at(-1)).toBe('imported 2 client(s); 3 row(s) rejected and left out');
    expect(await countClients(p.practiceId)).toBe(2);
    // Each imported client has its own audited creation, attributed to the system actor.
    const creates = await asSuperuser(db, async (run) => run(sql`select actor_role, subject_client_id from audit_events where practice_id = ${p.practiceId} and action = 'create' and resource_type = 'client_demographics'`));
    expect(creates).toHaveLength(2);
    expect(creates.every((e) => e.actor_role === 'system' && e.subject_client_id)).toBe(true);
  });

  it('checks the BAA: a practice without an executed agreement gets nothing imported', async () => {
    const practice = await createPracticeAsAdmin(admin, undefined, { baa: false });
    const email = syntheticEmail('owner');
    await acceptAndOnboard(app, clock, await inviteAsAdmin(admin, practice, email), email, 'owner');
    const file = path.join(dir, 'good.csv');
    writeFileSync(file, [HEADER, good('Echo')].join('\n'));
    const run = io();
    expect(await clientsImport({ db, keyring, io: run.io }, { practice, file })).toBe(1);
    expect(run.lines.join('\n')).toContain('Business Associate Agreement');
    expect(await countClients(practice)).toBe(0);
  });

  it('usage problems exit 2', async () => {
    const run = io();
    expect(await clientsImport({ db, keyring, io: run.io }, { practice: 'nope', file: '/nonexistent' })).toBe(2);
    expect(await clientsImport({ db, keyring, io: run.io }, { practice: practiceId, file: path.join(dir, 'missing.csv') })).toBe(2);
  });
});
