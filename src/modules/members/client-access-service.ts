import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { sqlState } from '../../platform/db/database.js';
import type { PracticeContext } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import type { ClientGrant } from '../../platform/auth/permissions.js';
import { openDisplayName } from '../../platform/auth/users.js';
import type { AppCiphers } from '../../platform/crypto/app-ciphers.js';
import { NotFoundProblem, ValidationProblem } from '../../platform/http/problem.js';

/**
 * Registers the client id in this practice if no practice holds it yet. Until the clinical-records
 * module creates clients, putting someone on a client's care team is what makes the id this
 * practice's; an id another practice holds fails the unique constraint and is answered 404.
 */
async function claimClient(tx: { rows: Database['rows'] }, practiceId: string, clientId: string): Promise<void> {
  try {
    await tx.rows(sql`insert into practice_clients (practice_id, client_id) values (${practiceId}, ${clientId}) on conflict (practice_id, client_id) do nothing`);
  } catch (err) {
    if (sqlState(err) === '23505') throw new NotFoundProblem();
    throw err;
  }
}

/** Care team and per-client grants: who (besides the owner) reaches a client. Owner only. */
async function requireClinician(tx: { rows: Database['rows'] }, userId: string): Promise<void> {
  const [row] = await tx.rows<{ role: string }>(sql`select role from memberships where user_id = ${userId} and status = 'active'`);
  if (!row) throw new NotFoundProblem('No such member in this practice.');
  if (row.role !== 'clinician' && row.role !== 'owner') {
    throw new ValidationProblem([{ field: 'params/userId', message: 'only clinicians and owners can be on a care team or hold a clinical grant' }]);
  }
}

export async function addToCareTeam(db: Database, ctx: PracticeContext & { userId: string }, clientId: string, memberId: string): Promise<void> {
  await withPracticeTx(db, ctx, async (tx) => {
    await requireClinician(tx, memberId);
    await claimClient(tx, ctx.practiceId, clientId);
    await tx.rows(sql`insert into care_team_members (practice_id, client_id, user_id, added_by) values (${ctx.practiceId}, ${clientId}, ${memberId}, ${ctx.userId})
      on conflict do nothing`);
    tx.audit({ action: 'care_team_add', resourceType: 'care_team', resourceId: memberId, subjectClientId: clientId, purposeOfUse: 'operations' });
  });
}

export async function removeFromCareTeam(db: Database, ctx: PracticeContext, clientId: string, memberId: string): Promise<void> {
  await withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows(sql`delete from care_team_members where client_id = ${clientId} and user_id = ${memberId} returning user_id`);
    if (rows.length === 0) throw new NotFoundProblem();
    tx.audit({ action: 'care_team_remove', resourceType: 'care_team', resourceId: memberId, subjectClientId: clientId, purposeOfUse: 'operations' });
  });
}

export async function listCareTeam(db: Database, ciphers: Pick<AppCiphers, 'installation'>, ctx: PracticeContext, clientId: string): Promise<{ userId: string; displayName: string }[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<{ user_id: string; display_name: string }>(sql`select c.user_id, u.display_name from care_team_members c join users u on u.id = c.user_id
      where c.client_id = ${clientId} order by c.created_at`);
    tx.audit({ action: 'read', resourceType: 'care_team', subjectClientId: clientId, purposeOfUse: 'operations' });
    const team: { userId: string; displayName: string }[] = [];
    for (const r of rows) team.push({ userId: r.user_id, displayName: await openDisplayName(tx, ciphers.installation, r.user_id, r.display_name) });
    return team;
  });
}

export async function setGrant(db: Database, ctx: PracticeContext & { userId: string }, clientId: string, memberId: string, grant: ClientGrant): Promise<void> {
  try {
    await withPracticeTx(db, ctx, async (tx) => {
      await requireClinician(tx, memberId);
      await claimClient(tx, ctx.practiceId, clientId);
      await tx.rows(sql`insert into client_grants (practice_id, client_id, user_id, can_view, can_edit, can_export, can_push, granted_by)
        values (${ctx.practiceId}, ${clientId}, ${memberId}, ${grant.view}, ${grant.edit}, ${grant.export}, ${grant.push}, ${ctx.userId})
        on conflict (practice_id, client_id, user_id) do update set can_view = excluded.can_view, can_edit = excluded.can_edit,
          can_export = excluded.can_export, can_push = excluded.can_push, granted_by = excluded.granted_by, updated_at = now()`);
      tx.audit({ action: 'grant', resourceType: 'client_grant', resourceId: memberId, subjectClientId: clientId, purposeOfUse: 'operations' });
    });
  } catch (err) {
    if (sqlState(err) === '23503') throw new NotFoundProblem('No such member in this practice.');
    throw err;
  }
}

export async function removeGrant(db: Database, ctx: PracticeContext, clientId: string, memberId: string): Promise<void> {
  await withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows(sql`delete from client_grants where client_id = ${clientId} and user_id = ${memberId} returning user_id`);
    if (rows.length === 0) throw new NotFoundProblem();
    tx.audit({ action: 'revoke_grant', resourceType: 'client_grant', resourceId: memberId, subjectClientId: clientId, purposeOfUse: 'operations' });
  });
}
