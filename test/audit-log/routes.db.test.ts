import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpointFile } from '../../src/platform/audit/checkpoint.js';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/db.js';
import type { Account } from '../support/identity.js';
import { buildTestApp, createOperatorAdmin, createPracticeWithMembers, TestClock } from '../support/identity.js';

let db: Database;
let app: FastifyInstance;
const clock = new TestClock();
let owner: Account;
let clinician: Account;
let otherOwner: Account;
const clientId = randomUUID();

beforeAll(async () => {
  db = await openTestDatabase();
  // The database's own keyring (accounts are sealed with its installation keys; it signs checkpoints too).
  app = await buildTestApp(db, clock);
  const admin = await createOperatorAdmin(app, db, clock);
  const p = await createPracticeWithMembers(app, clock, admin, ['clinician']);
  owner = p.owner;
  clinician = p.members.clinician as Account;
  otherOwner = (await createPracticeWithMembers(app, clock, admin, [])).owner;
  // An event about one client, so the access report has something to show.
  const added = await owner.caller.req('PUT', `/api/practice/clients/${clientId}/care-team/${clinician.userId}`);
  expect(added.statusCode).toBeLessThan(300);
});

afterAll(async () => {
  await app.close();
  await db.close();
});

type Page = { events: { action: string; resourceType: string; practiceId: string; subjectClientId: string | null }[]; nextCursor: string | null };

describe('audit trail routes for owners', () => {
  it('search returns the practice events newest first, with filters and a cursor', async () => {
    const res = await owner.caller.req('GET', '/api/audit/events?limit=2');
    expect(res.statusCode).toBe(200);
    const page = res.json() as Page;
    expect(page.events).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const next = (await owner.caller.req('GET', `/api/audit/events?limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`)).json() as Page;
    expect(next.events.length).toBeGreaterThan(0);
    const reads = (await owner.caller.req('GET', '/api/audit/events?action=read&resourceType=audit_log')).json() as Page;
    expect(reads.events.length).toBeGreaterThan(0);
    expect(reads.events.every((e) => e.action === 'read' && e.resourceType === 'audit_log')).toBe(true);
  });

  it('never shows another practice’s events', async () => {
    const mine = (await owner.caller.req('GET', '/api/audit/events?limit=1000')).json() as Page;
    const theirs = (await otherOwner.caller.req('GET', '/api/audit/events?limit=1000')).json() as Page;
    const myPractice = mine.events[0]!.practiceId;
    expect(mine.events.every((e) => e.practiceId === myPractice)).toBe(true);
    expect(theirs.events.some((e) => e.practiceId === myPractice)).toBe(false);
  });

  it('answers bad filters with a problem naming the field', async () => {
    const res = await owner.caller.req('GET', '/api/audit/events?from=yesterday&outcome=maybe');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    const fields = (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining([expect.stringMatching(/from/), expect.stringMatching(/outcome/)]));
  });

  it('refuses a clinician, and records the refusal', async () => {
    const res = await clinician.caller.req('GET', '/api/audit/events');
    expect(res.statusCode).toBe(403);
    const denied = (await owner.caller.req('GET', '/api/audit/events?outcome=denied&resourceType=audit_log')).json() as Page;
    expect(denied.events.length).toBeGreaterThan(0);
  });

  it('exports CSV, JSON lines and a FHIR Bundle, and records the export', async () => {
    const csv = await owner.caller.req('GET', '/api/audit/export?format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^practice_id,id,occurred_at,/);
    const jsonl = await owner.caller.req('GET', '/api/audit/export?format=jsonl');
    const lines = jsonl.body.trim().split('\n').map((l) => JSON.parse(l) as { action: string; resource_type: string; chain_hash: string });
    expect(lines.some((e) => e.action === 'export' && e.resource_type === 'audit_log')).toBe(true);
    expect(lines.every((e) => /^[0-9a-f]{64}$/.test(e.chain_hash))).toBe(true);
    const fhir = (await owner.caller.req('GET', '/api/audit/export?format=fhir')).json() as { resourceType: string; entry: { resource: { resourceType: string } }[] };
    expect(fhir.resourceType).toBe('Bundle');
    expect(fhir.entry.length).toBeGreaterThan(0);
    expect(fhir.entry.every((e) => e.resource.resourceType === 'AuditEvent')).toBe(true);
    expect((await owner.caller.req('GET', '/api/audit/export?format=xml')).statusCode).toBe(400);
  });

  it('reports who accessed one client', async () => {
    const res = await owner.caller.req('GET', `/api/audit/clients/${clientId}/access-report`);
    expect(res.statusCode).toBe(200);
    const report = res.json() as { clientId: string; summary: unknown[]; events: Page['events'] };
    expect(report.clientId).toBe(clientId);
    expect(report.events.length).toBeGreaterThan(0);
    expect(report.events.every((e) => e.subjectClientId === clientId)).toBe(true);
    expect((await owner.caller.req('GET', '/api/audit/clients/not-a-uuid/access-report')).statusCode).toBe(400);
  });

  it('hands out a signed checkpoint that verifies offline', async () => {
    const res = await owner.caller.req('GET', '/api/audit/checkpoint');
    expect(res.statusCode).toBe(200);
    const file = res.json() as { format: string; version: number; seq: number };
    expect(file).toMatchObject({ format: 'confidant-audit-checkpoint', version: 1 });
    expect(parseCheckpointFile(res.body).checkpoint.seq).toBe(file.seq);
    expect(() => parseCheckpointFile(JSON.stringify({ ...file, seq: file.seq + 1 }))).toThrow(/signature does not verify/);
  });
});
