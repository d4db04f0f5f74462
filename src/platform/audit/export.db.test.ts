import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPractice, openTestDatabase } from '../../../test/support/db.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { ForbiddenProblem, ValidationProblem } from '../http/problem.js';
import { EXPORT_COLUMNS, collectExport, exportAuditEvents } from './export.js';
import { parseCheckpointFile } from './checkpoint.js';
import { checkpointForViewer } from './owner-checkpoint.js';
import { searchAuditEvents } from './query.js';
import { appendAuditEvents } from './record.js';
import { signerFromPrivateKey } from './signer.js';

type FhirJson = Record<string, unknown>;

let db: Database;
let practiceId: string;
const client = randomUUID();
const clinician = randomUUID();
let owner: { practiceId: string; userId: string; role: string };

beforeAll(async () => {
  db = await openTestDatabase();
  practiceId = (await createTestPractice(db)).id;
  owner = { practiceId, userId: randomUUID(), role: 'owner' };
  // Separate transactions: events of one statement may share a microsecond, and the tests rely on their order.
  await withPracticeTx(db, { practiceId, userId: clinician, role: 'clinician', sessionId: 'sess-9' }, async (tx) => {
    tx.audit({ action: 'create', resourceType: 'note', resourceId: 'n-1', subjectClientId: client, purposeOfUse: 'treatment' });
  });
  await withPracticeTx(db, { practiceId, userId: clinician, role: 'clinician', sessionId: 'sess-9' }, async (tx) => {
    tx.audit({ action: 'read', resourceType: 'note', resourceId: 'n-1', subjectClientId: client, purposeOfUse: 'emergency' });
  });
  // A hostile user agent, as any browser can send.
  await db.transaction(async (tx) => {
    await tx.rows(sql`select set_config('app.practice_id', ${practiceId}, true)`);
    await appendAuditEvents(tx, { practiceId, userId: clinician, role: 'clinician', userAgent: '=HYPERLINK("http://attacker.example")', ip: '192.0.2.7' }, [
      { action: 'login_failed', resourceType: 'session', outcome: 'denied' },
    ]);
  });
});
afterAll(async () => {
  await db.close();
});

describe('audit export', () => {
  it('JSON lines: one event per line in seal order with its seal, ending with the export itself', async () => {
    const x = await exportAuditEvents(db, owner, {}, 'jsonl');
    expect(x.contentType).toContain('application/x-ndjson');
    const lines = (await collectExport(x)).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.seq, l.action, l.resource_type])).toEqual([
      [1, 'create', 'note'],
      [2, 'read', 'note'],
      [3, 'login_failed', 'session'],
      [4, 'export', 'audit_log'],
    ]);
    expect(Object.keys(lines[0]!)).toEqual([...EXPORT_COLUMNS]);
    expect(lines[3]).toMatchObject({ actor_user_id: owner.userId, resource_id: 'jsonl', outcome: 'success' });
    expect(x.headSeq).toBe(4);
  });

  it('CSV: header, RFC 4180 rows, formula-injection-safe cells', async () => {
    const text = await collectExport(await exportAuditEvents(db, owner, { action: 'login_failed' }, 'csv'));
    const [header, row, end] = text.split('\r\n');
    expect(header).toBe(EXPORT_COLUMNS.join(','));
    expect(row).toContain(`,"'=HYPERLINK(""http://attacker.example"")",login_failed,session,`);
    expect(end).toBe('');
  });

  it('FHIR R4: a Bundle of AuditEvent with DICOM types, action, outcome and purpose-of-use codes', async () => {
    const bundle = JSON.parse(await collectExport(await exportAuditEvents(db, owner, { clientId: client }, 'fhir'))) as {
      resourceType: string;
      type: string;
      entry: { fullUrl: string; resource: Record<string, unknown> }[];
    };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    // The export of this client's events is itself an event about the client, sealed before the events are read.
    expect(bundle.entry.map((e) => (e.resource as { action: string }).action)).toEqual(['C', 'R', 'R']);
    const [created, read, exported] = bundle.entry.map((e) => e.resource as FhirJson);
    expect(created).toMatchObject({
      resourceType: 'AuditEvent',
      type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
      subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'create' }],
      outcome: '0',
      purposeOfEvent: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT' }] }],
      agent: [{ requestor: true, who: { identifier: { system: 'urn:confidant:user', value: clinician } }, altId: 'sess-9', role: [{ text: 'clinician' }] }],
      entity: [
        { what: { identifier: { system: 'urn:confidant:note', value: 'n-1' } } },
        { what: { reference: `Patient/${client}` }, role: { code: '1' } },
      ],
    });
    expect(created!.recorded).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(bundle.entry[0]!.fullUrl).toBe(`urn:uuid:${created!.id}`);
    expect(read).toMatchObject({ purposeOfEvent: [{ coding: [{ code: 'ETREAT' }] }] });
    expect(exported).toMatchObject({ type: { code: '110106', display: 'Export' }, purposeOfEvent: [{ coding: [{ code: 'HOPERAT' }] }] });
  });

  it('FHIR outcome 4 for a denied attempt, and User Authentication type for a failed login', async () => {
    const bundle = JSON.parse(await collectExport(await exportAuditEvents(db, owner, { action: 'login_failed' }, 'fhir'))) as { entry: { resource: FhirJson }[] };
    expect(bundle.entry[0]!.resource).toMatchObject({ outcome: '4', action: 'E', type: { code: '110114' }, agent: [{ network: { address: '192.0.2.7', type: '2' } }] });
  });

  it('records every export, refuses other roles, and rejects an unknown format', async () => {
    const before = (await searchAuditEvents(db, owner, { action: 'export' }, { limit: 1000 })).events.length;
    await collectExport(await exportAuditEvents(db, owner, {}, 'csv'));
    const after = await searchAuditEvents(db, owner, { action: 'export' }, { limit: 1000 });
    expect(after.events.length).toBe(before + 1);
    expect(after.events[0]).toMatchObject({ resourceType: 'audit_log', resourceId: 'csv', actorUserId: owner.userId });
    await expect(exportAuditEvents(db, { practiceId, userId: randomUUID(), role: 'staff' }, {}, 'csv')).rejects.toBeInstanceOf(ForbiddenProblem);
    await expect(exportAuditEvents(db, owner, {}, 'xml' as never)).rejects.toBeInstanceOf(ValidationProblem);
  });
});

describe('owner checkpoint', () => {
  it('returns a signed checkpoint file covering the request itself, and refuses other roles', async () => {
    const signer = signerFromPrivateKey(generateKeyPairSync('ed25519').privateKey);
    const file = await checkpointForViewer(db, owner, signer);
    expect(file).toMatchObject({ format: 'confidant-audit-checkpoint', stream: practiceId, keyId: signer.keyId });
    expect(parseCheckpointFile(JSON.stringify(file)).checkpoint.seq).toBe(file!.seq);
    const last = await searchAuditEvents(db, owner, { resourceType: 'audit_checkpoint' });
    expect(last.events[0]?.seal?.seq).toBe(file!.seq);
    await expect(checkpointForViewer(db, { practiceId, userId: randomUUID(), role: 'client' }, signer)).rejects.toBeInstanceOf(ForbiddenProblem);
  });
});
