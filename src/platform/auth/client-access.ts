import type { SQL } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import type { Actor, ClientGrant } from './permissions.js';

export interface ClientFacts {
  /** The client belongs to this practice. */
  inPractice: boolean;
  careTeam: boolean;
  grant: ClientGrant | null;
  breakGlass: boolean;
  /** An active restriction excludes this caller (164.522(a)). */
  excluded: boolean;
  /** An active restriction limits the client to the care team and grant holders. */
  careTeamOnly: boolean;
}

export interface ClientFactsRow {
  care_team: boolean;
  can_view: boolean | null;
  can_edit: boolean | null;
  can_export: boolean | null;
  can_push: boolean | null;
  break_glass: boolean;
  excluded: boolean;
  care_team_only: boolean;
}

/**
 * The select list of the facts about the caller and the client whose id is `clientId` (a column or
 * a parameter), with `g` the caller's client_grants row joined by the caller. Shared by the one-client
 * check below and by client lists, so both apply the same facts to can().
 */
export function clientFactsColumns(clientId: SQL, userId: string, now: Date): SQL {
  return sql`exists(select 1 from care_team_members where client_id = ${clientId} and user_id = ${userId}) as care_team,
           g.can_view, g.can_edit, g.can_export, g.can_push,
           exists(select 1 from break_glass_grants where client_id = ${clientId} and user_id = ${userId}
                    and closed_at is null and expires_at > ${now.toISOString()}::timestamptz) as break_glass,
           exists(select 1 from client_restrictions where client_id = ${clientId} and lifted_at is null
                    and kind = 'exclude_member' and member_id = ${userId}) as excluded,
           exists(select 1 from client_restrictions where client_id = ${clientId} and lifted_at is null
                    and kind = 'care_team_only') as care_team_only`;
}

/** The client_grants join that clientFactsColumns expects as `g`. */
export function clientGrantJoin(clientId: SQL, userId: string): SQL {
  return sql`left join client_grants g on g.client_id = ${clientId} and g.user_id = ${userId}`;
}

export function factsFromRow(inPractice: boolean, row: ClientFactsRow | undefined): ClientFacts {
  const grant: ClientGrant | null =
    row && row.can_view !== null ? { view: row.can_view, edit: Boolean(row.can_edit), export: Boolean(row.can_export), push: Boolean(row.can_push) } : null;
  return {
    inPractice,
    careTeam: row?.care_team ?? false,
    grant,
    breakGlass: row?.break_glass ?? false,
    excluded: row?.excluded ?? false,
    careTeamOnly: row?.care_team_only ?? false,
  };
}

/**
 * What `can()` needs to know about the caller and one client, read inside the practice's
 * transaction (RLS confines it to that practice).
 */
export async function loadClientFacts(tx: Pick<SqlRunner, 'rows'>, actor: Pick<Actor, 'userId'>, clientId: string, now: Date): Promise<ClientFacts> {
  const id = sql`${clientId}::uuid`;
  const [row] = await tx.rows<ClientFactsRow & { in_practice: boolean }>(sql`
    select exists(select 1 from practice_clients where client_id = ${id}) as in_practice, ${clientFactsColumns(id, actor.userId, now)}
      from (select 1) one ${clientGrantJoin(id, actor.userId)}`);
  return factsFromRow(row?.in_practice ?? false, row);
}

/** The practice a client id belongs to, across practices (security-definer function), or null. */
export async function practiceOfClient(db: Pick<SqlRunner, 'rows'>, clientId: string): Promise<string | null> {
  const [row] = await db.rows<{ p: string | null }>(sql`select confidant_client_practice(${clientId}::uuid) as p`);
  return row?.p ?? null;
}
