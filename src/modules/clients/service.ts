import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ClientFacts } from '../../platform/auth/client-access.js';
import type { Actor } from '../../platform/auth/permissions.js';
import { can } from '../../platform/auth/permissions.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { asDate } from '../../platform/auth/time.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { ConflictProblem, NotFoundProblem, ValidationProblem } from '../../platform/http/problem.js';
import { isMinor } from './demographics.js';
import type { ClientDocument, ClientPatch, DischargeReason, NewClient } from './record.js';
import { applyPatch, displayName, NO_CONTACT, recordProblems } from './record.js';
import type { ClientRow } from './store.js';
import { insertClient, openDocument, rewriteClient, selectClient, setStatus } from './store.js';

export interface ClientDeps {
  db: Database;
  cipher: FieldCipher;
  now: () => Date;
}

export interface ClientView {
  id: string;
  displayName: string;
  status: 'active' | 'discharged';
  dischargedOn: string | null;
  dischargeReason: DischargeReason | null;
  minor: boolean;
  demographics: Omit<ClientDocument, 'contactPreferences'>;
  contactPreferences: ClientDocument['contactPreferences'];
  createdAt: string;
  updatedAt: string;
}

export function clientView(row: ClientRow, doc: ClientDocument, today: Date): ClientView {
  const { contactPreferences, ...demographics } = doc;
  return {
    id: row.id,
    displayName: displayName(doc),
    status: row.status,
    dischargedOn: row.discharged_on,
    dischargeReason: row.discharge_reason,
    minor: isMinor(doc.dateOfBirth, today),
    demographics,
    contactPreferences,
    createdAt: asDate(row.created_at).toISOString(),
    updatedAt: asDate(row.updated_at).toISOString(),
  };
}

/** A new client document from validated input, or 400 when the record as a whole is invalid. */
export function newDocument(input: NewClient, today: Date): ClientDocument {
  const { contactPreferences, ...demographics } = input;
  const doc: ClientDocument = { ...demographics, contactPreferences: contactPreferences ?? NO_CONTACT };
  const problems = recordProblems(doc, today);
  if (problems.length) throw new ValidationProblem(problems);
  return doc;
}

/**
 * Creates a client: practice_clients registration, encrypted record and (for a clinician creating
 * it) care-team membership, in one transaction with its audit events: all of it or none.
 */
export async function createClient(deps: ClientDeps, actor: Actor, input: NewClient): Promise<ClientView> {
  const now = deps.now();
  const doc = newDocument(input, now);
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const id = randomUUID();
    await insertClient(tx, deps.cipher, id, doc, actor.userId);
    tx.audit({ action: 'create', resourceType: 'client_demographics', resourceId: id, subjectClientId: id, purposeOfUse: 'operations' });
    if (actor.role === 'clinician') {
      await tx.rows(sql`insert into care_team_members (practice_id, client_id, user_id, added_by) values (${tx.practiceId}, ${id}, ${actor.userId}, ${actor.userId})`);
      tx.audit({ action: 'care_team_add', resourceType: 'care_team', resourceId: actor.userId, subjectClientId: id, purposeOfUse: 'treatment' });
    }
    const row = await selectClient(tx, id);
    if (!row) throw new Error('client not written');
    return clientView(row, doc, now);
  });
}

async function requireRow(tx: PracticeTx, clientId: string, forUpdate = false): Promise<ClientRow> {
  const row = await selectClient(tx, clientId, forUpdate);
  // A client id registered through a care team or grant, with no record yet, has no demographics.
  if (!row) throw new NotFoundProblem('This client has no record yet.');
  return row;
}

const purposeOf = (actor: Actor): 'treatment' | 'operations' => (actor.role === 'clinician' ? 'treatment' : 'operations');

export async function getClient(deps: ClientDeps, actor: Actor, clientId: string): Promise<ClientView> {
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const row = await requireRow(tx, clientId);
    const doc = await openDocument(tx, deps.cipher, row);
    tx.audit({ action: 'read', resourceType: 'client_demographics', resourceId: clientId, subjectClientId: clientId, purposeOfUse: purposeOf(actor) });
    return clientView(row, doc, deps.now());
  });
}

export async function updateClient(deps: ClientDeps, actor: Actor, clientId: string, patch: ClientPatch): Promise<ClientView> {
  const now = deps.now();
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const row = await requireRow(tx, clientId, true);
    const next = applyPatch(await openDocument(tx, deps.cipher, row), patch);
    const problems = recordProblems(next, now);
    if (problems.length) throw new ValidationProblem(problems);
    await rewriteClient(tx, deps.cipher, clientId, next, now);
    tx.audit({ action: 'update', resourceType: 'client_demographics', resourceId: clientId, subjectClientId: clientId, purposeOfUse: purposeOf(actor) });
    return clientView((await selectClient(tx, clientId))!, next, now);
  });
}

export async function dischargeClient(deps: ClientDeps, actor: Actor, clientId: string, input: { dischargedOn: string; reason: DischargeReason }): Promise<ClientView> {
  const now = deps.now();
  if (input.dischargedOn > now.toISOString().slice(0, 10)) throw new ValidationProblem([{ field: 'body/dischargedOn', message: 'a discharge date cannot be in the future' }]);
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const row = await requireRow(tx, clientId, true);
    if (row.status === 'discharged') throw new ConflictProblem('The client is already discharged.', 'already-discharged');
    await setStatus(tx, clientId, { status: 'discharged', on: input.dischargedOn, reason: input.reason }, now);
    tx.audit({ action: 'discharge', resourceType: 'client', resourceId: clientId, subjectClientId: clientId, purposeOfUse: purposeOf(actor) });
    return clientView((await selectClient(tx, clientId))!, await openDocument(tx, deps.cipher, row), now);
  });
}

export async function reactivateClient(deps: ClientDeps, actor: Actor, clientId: string): Promise<ClientView> {
  const now = deps.now();
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const row = await requireRow(tx, clientId, true);
    if (row.status === 'active') throw new ConflictProblem('The client is already active.', 'already-active');
    await setStatus(tx, clientId, { status: 'active' }, now);
    tx.audit({ action: 'reactivate', resourceType: 'client', resourceId: clientId, subjectClientId: clientId, purposeOfUse: purposeOf(actor) });
    return clientView((await selectClient(tx, clientId))!, await openDocument(tx, deps.cipher, row), now);
  });
}

/** Whether the caller may see this client's demographics, by the same facts and rule as a single read. */
export function mayReadDemographics(actor: Actor, practiceId: string, clientId: string, facts: ClientFacts): boolean {
  return can(actor, 'read', { type: 'client_demographics', practiceId, clientId, ...facts }).allowed;
}
