import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import type { Actor, ClientGrant } from './permissions.js';

export interface ClientFacts {
  /** The client belongs to this practice. */
  inPractice: boolean;
  careTeam: boolean;
  grant: ClientGrant | null;
  breakGlass: boolean;
}

/**
 * What `can()` needs to know about the caller and one client, read inside the practice's
 * transaction (RLS confines it to that practice).
 */
export async function loadClientFacts(tx: Pick<SqlRunner, 'rows'>, actor: Pick<Actor, 'userId'>, clientId: string, now: Date): Promise<ClientFacts> {
  const [row] = await tx.rows<{ in_practice: boolean; care_team: boolean; can_view: boolean | null; can_edit: boolean | null; can_export: boolean | null; can_push: boolean | null; break_glass: boolean }>(sql`
    select exists(select 1 from practice_clients where client_id = ${clientId}) as in_practice,
           exists(select 1 from care_team_members where client_id = ${clientId} and user_id = ${actor.userId}) as care_team,
           g.can_view, g.can_edit, g.can_export, g.can_push,
           exists(select 1 from break_glass_grants where client_id = ${clientId} and user_id = ${actor.userId}
                    and closed_at is null and expires_at > ${now.toISOString()}::timestamptz) as break_glass
      from (select 1) one left join client_grants g on g.client_id = ${clientId} and g.user_id = ${actor.userId}`);
  const grant: ClientGrant | null =
    row && row.can_view !== null ? { view: row.can_view, edit: Boolean(row.can_edit), export: Boolean(row.can_export), push: Boolean(row.can_push) } : null;
  return { inPractice: row?.in_practice ?? false, careTeam: row?.care_team ?? false, grant, breakGlass: row?.break_glass ?? false };
}

/** The practice a client id belongs to, across practices (security-definer function), or null. */
export async function practiceOfClient(db: Pick<SqlRunner, 'rows'>, clientId: string): Promise<string | null> {
  const [row] = await db.rows<{ p: string | null }>(sql`select confidant_client_practice(${clientId}::uuid) as p`);
  return row?.p ?? null;
}
