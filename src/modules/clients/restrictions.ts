import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/permissions.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { asDate, asDateOrNull } from '../../platform/auth/time.js';
import type { Database } from '../../platform/db/database.js';
import { sqlState } from '../../platform/db/database.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { ConflictProblem, NotFoundProblem } from '../../platform/http/problem.js';

/**
 * Restrictions a client requested and the practice agreed to (45 CFR 164.522(a)). They narrow who
 * reaches the client; can() applies them through the facts client-access.ts loads:
 * - exclude_member: that member gets 404 for the client, whatever their role, care team or grant;
 * - care_team_only: only the care team and explicit grant holders reach the client. The owner keeps
 *   the management routes (care team, grants, restrictions: all audited) but no longer reads the
 *   record by role; reading it anyway needs break-glass, which asks for a written reason, expires
 *   within the hour and is reported to the practice.
 * Break-glass opens a restricted client too: 164.522(a)(1)(iii) permits emergency treatment use.
 * Restrictions are lifted, never deleted (kept six years with who lifted them and why).
 */
export const RESTRICTION_KINDS = ['exclude_member', 'care_team_only'] as const;
export const LIFT_REASONS = ['client_request', 'client_agreed', 'practice_notice'] as const;

export interface Restriction {
  id: string;
  clientId: string;
  kind: (typeof RESTRICTION_KINDS)[number];
  memberId: string | null;
  agreedOn: string;
  createdBy: string;
  createdAt: string;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: (typeof LIFT_REASONS)[number] | null;
}

interface Row {
  id: string;
  client_id: string;
  kind: Restriction['kind'];
  member_id: string | null;
  agreed_on: string;
  created_by: string;
  created_at: Date | string;
  lifted_at: Date | string | null;
  lifted_by: string | null;
  lift_reason: Restriction['liftReason'];
}

const COLUMNS = sql`id, client_id, kind, member_id, agreed_on::text as agreed_on, created_by, created_at, lifted_at, lifted_by, lift_reason`;

const view = (r: Row): Restriction => ({
  id: r.id,
  clientId: r.client_id,
  kind: r.kind,
  memberId: r.member_id,
  agreedOn: r.agreed_on,
  createdBy: r.created_by,
  createdAt: asDate(r.created_at).toISOString(),
  liftedAt: asDateOrNull(r.lifted_at)?.toISOString() ?? null,
  liftedBy: r.lifted_by,
  liftReason: r.lift_reason,
});

async function requireClient(tx: PracticeTx, clientId: string): Promise<void> {
  const [row] = await tx.rows<{ ok: boolean }>(sql`select exists(select 1 from practice_clients where client_id = ${clientId}) as ok`);
  if (!row?.ok) throw new NotFoundProblem();
}

export async function listRestrictions(db: Database, actor: Actor, clientId: string): Promise<Restriction[]> {
  return withPracticeTx(db, practiceContextOf(actor), async (tx) => {
    await requireClient(tx, clientId);
    const rows = await tx.rows<Row>(sql`select ${COLUMNS} from client_restrictions where client_id = ${clientId} order by created_at`);
    tx.audit({ action: 'read', resourceType: 'client_restriction', subjectClientId: clientId, purposeOfUse: 'operations' });
    return rows.map(view);
  });
}

export async function addRestriction(
  db: Database,
  actor: Actor,
  clientId: string,
  input: { kind: Restriction['kind']; memberId?: string; agreedOn: string },
): Promise<Restriction> {
  try {
    return await withPracticeTx(db, practiceContextOf(actor), async (tx) => {
      await requireClient(tx, clientId);
      const [row] = await tx.rows<Row>(sql`insert into client_restrictions (practice_id, client_id, kind, member_id, agreed_on, created_by)
        values (${tx.practiceId}, ${clientId}, ${input.kind}, ${input.kind === 'exclude_member' ? (input.memberId ?? null) : null}, ${input.agreedOn}::date, ${actor.userId})
        returning ${COLUMNS}`);
      tx.audit({ action: 'create', resourceType: 'client_restriction', resourceId: row!.id, subjectClientId: clientId, purposeOfUse: 'client_request' });
      return view(row!);
    });
  } catch (err) {
    if (sqlState(err) === '23505') throw new ConflictProblem('The same restriction is already in force for this client.', 'restriction-exists');
    if (sqlState(err) === '23503') throw new NotFoundProblem('No such member in this practice.');
    throw err;
  }
}

export async function liftRestriction(db: Database, actor: Actor, clientId: string, restrictionId: string, reason: Restriction['liftReason'] & string, now: Date): Promise<Restriction> {
  return withPracticeTx(db, practiceContextOf(actor), async (tx) => {
    const [row] = await tx.rows<Row>(sql`update client_restrictions set lifted_at = ${now.toISOString()}::timestamptz, lifted_by = ${actor.userId}, lift_reason = ${reason}
      where id = ${restrictionId} and client_id = ${clientId} and lifted_at is null returning ${COLUMNS}`);
    if (!row) throw new NotFoundProblem('No restriction in force with this id.');
    tx.audit({ action: 'lift', resourceType: 'client_restriction', resourceId: restrictionId, subjectClientId: clientId, purposeOfUse: 'client_request' });
    return view(row);
  });
}
