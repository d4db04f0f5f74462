import { sql } from 'drizzle-orm';
import { asDate } from '../../platform/auth/time.js';
import { NotFoundProblem, ValidationProblem } from '../../platform/http/problem.js';
import type { DocumentEnv } from '../notes/document-store.js';
import { loadOwnOriginal } from '../notes/document-store.js';
import { PSYCHOTHERAPY_NOTES } from './note-kind.js';

/**
 * Per-note access to a psychotherapy note, given and revoked by its author only. A grant is read
 * access to the note and to its addenda and amendments; writing stays with the author. Grantees are
 * clinicians or owners of the practice (never staff); they still need access to the client itself
 * (care team or client grant) to reach the route at all.
 */
export interface NoteGrant {
  userId: string;
  grantedAt: Date;
}

function audit(env: DocumentEnv, action: string, clientId: string, noteId: string): void {
  env.tx.audit({ action, resourceType: 'psychotherapy_note', resourceId: noteId, subjectClientId: clientId, purposeOfUse: 'treatment' });
}

export async function grantNoteAccess(env: DocumentEnv, clientId: string, noteId: string, userId: string): Promise<void> {
  await loadOwnOriginal(env, PSYCHOTHERAPY_NOTES, clientId, noteId);
  if (userId === env.actor.userId) throw new ValidationProblem([{ field: 'params/userId', message: 'the author always reads their own note' }]);
  const [member] = await env.tx.rows<{ role: string }>(sql`select role from memberships where user_id = ${userId} and status = 'active'`);
  if (!member) throw new NotFoundProblem('No such member in this practice.');
  if (member.role !== 'clinician' && member.role !== 'owner') {
    throw new ValidationProblem([{ field: 'params/userId', message: 'psychotherapy notes are shared only with clinicians or owners, never with staff' }]);
  }
  await env.tx.rows(sql`insert into psychotherapy_note_grants (practice_id, document_id, user_id, granted_by, granted_at)
    values (${env.tx.practiceId}, ${noteId}, ${userId}, ${env.actor.userId}, ${env.now.toISOString()}::timestamptz) on conflict do nothing`);
  audit(env, 'grant', clientId, noteId);
}

export async function revokeNoteAccess(env: DocumentEnv, clientId: string, noteId: string, userId: string): Promise<void> {
  await loadOwnOriginal(env, PSYCHOTHERAPY_NOTES, clientId, noteId);
  const rows = await env.tx.rows(sql`delete from psychotherapy_note_grants where document_id = ${noteId} and user_id = ${userId} returning user_id`);
  if (rows.length === 0) throw new NotFoundProblem('No such grant.');
  audit(env, 'revoke_grant', clientId, noteId);
}

export async function listNoteGrants(env: DocumentEnv, clientId: string, noteId: string): Promise<NoteGrant[]> {
  await loadOwnOriginal(env, PSYCHOTHERAPY_NOTES, clientId, noteId);
  const rows = await env.tx.rows<{ user_id: string; granted_at: Date | string }>(sql`select user_id, granted_at from psychotherapy_note_grants where document_id = ${noteId} order by granted_at`);
  audit(env, 'read', clientId, noteId);
  return rows.map((r) => ({ userId: r.user_id, grantedAt: asDate(r.granted_at) }));
}
