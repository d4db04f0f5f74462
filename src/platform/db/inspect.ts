import { sql } from 'drizzle-orm';
import type { SqlRunner } from './database.js';
import { APP_ROLE, TENANT_ROLE } from './roles.js';

export interface TenantTableReport {
  table: string;
  problems: string[];
}

const COMMANDS = [
  ['SELECT', 'r'],
  ['INSERT', 'a'],
  ['UPDATE', 'w'],
  ['DELETE', 'd'],
] as const;

/**
 * Every table with a practice_id column must be a tenant table: RLS enabled and forced, practice_id in
 * its primary key, and a policy for every command any application role is granted. Used by the schema
 * test and by `confidant doctor`, so a customer can run the same check against production.
 */
export async function inspectTenantTables(db: SqlRunner): Promise<TenantTableReport[]> {
  const rows = await db.rows<{
    table: string;
    rls: boolean;
    forced: boolean;
    pk: string | null;
    cmds: string | null;
    grants: string | null;
  }>(sql`
    select c.relname::text as table,
           c.relrowsecurity as rls,
           c.relforcerowsecurity as forced,
           (select string_agg(a.attname::text, ',') from pg_index i
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
             where i.indrelid = c.oid and i.indisprimary) as pk,
           (select string_agg(p.polcmd::text, ',') from pg_policy p where p.polrelid = c.oid) as cmds,
           concat_ws(',',
             case when has_table_privilege(${TENANT_ROLE}, c.oid, 'SELECT') or has_table_privilege(${APP_ROLE}, c.oid, 'SELECT') then 'SELECT' end,
             case when has_table_privilege(${TENANT_ROLE}, c.oid, 'INSERT') or has_table_privilege(${APP_ROLE}, c.oid, 'INSERT') then 'INSERT' end,
             case when has_table_privilege(${TENANT_ROLE}, c.oid, 'UPDATE') or has_table_privilege(${APP_ROLE}, c.oid, 'UPDATE') then 'UPDATE' end,
             case when has_table_privilege(${TENANT_ROLE}, c.oid, 'DELETE') or has_table_privilege(${APP_ROLE}, c.oid, 'DELETE') then 'DELETE' end
           ) as grants
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'practice_id' and not a.attisdropped)
     order by 1`);
  return rows.map((r) => {
    const problems: string[] = [];
    if (!r.rls) problems.push('row-level security is not enabled');
    if (!r.forced) problems.push('row-level security is not forced');
    if (!(r.pk ?? '').split(',').includes('practice_id')) problems.push('practice_id is not in the primary key');
    const cmds = new Set((r.cmds ?? '').split(',').filter(Boolean));
    if (cmds.size === 0) problems.push('no row-level security policy');
    const grants = new Set((r.grants ?? '').split(',').filter(Boolean));
    for (const [name, code] of COMMANDS) {
      if (grants.has(name) && !cmds.has(code) && !cmds.has('*')) problems.push(`${name} is granted but no ${name} policy exists`);
    }
    return { table: r.table, problems };
  });
}

export interface RoleReport {
  currentUser: string;
  superuser: boolean;
  bypassRls: boolean;
  ownedTables: number;
  canUseTenantRole: boolean;
  inheritsTenantGrants: boolean;
}

/** Facts about the role the application connection runs as; production refuses a privileged one. */
export async function inspectAppRole(db: SqlRunner): Promise<RoleReport> {
  const [r] = await db.rows<{ u: string; su: boolean; bypass: boolean; owned: number; tenant: boolean; inherits: boolean }>(sql`
    select current_user::text as u,
           r.rolsuper as su,
           r.rolbypassrls as bypass,
           (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
             where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_has_role(current_user, c.relowner, 'MEMBER')) as owned,
           pg_has_role(current_user, ${TENANT_ROLE}, 'MEMBER') as tenant,
           pg_has_role(current_user, ${TENANT_ROLE}, 'USAGE') as inherits
      from pg_roles r where r.rolname = current_user`);
  if (!r) throw new Error('current role not found');
  return { currentUser: r.u, superuser: r.su, bypassRls: r.bypass, ownedTables: r.owned, canUseTenantRole: r.tenant, inheritsTenantGrants: r.inherits };
}

export function roleProblems(r: RoleReport): string[] {
  const problems: string[] = [];
  if (r.superuser) problems.push(`the application role ${r.currentUser} is a superuser`);
  if (r.bypassRls) problems.push(`the application role ${r.currentUser} bypasses row-level security`);
  if (r.ownedTables > 0) problems.push(`the application role ${r.currentUser} owns ${r.ownedTables} tables (connect as a non-owner; migrate with MIGRATION_DATABASE_URL)`);
  if (!r.canUseTenantRole) problems.push(`the application role ${r.currentUser} is not a member of ${TENANT_ROLE}`);
  if (r.inheritsTenantGrants) problems.push(`the application role ${r.currentUser} inherits the grants of ${TENANT_ROLE} (make it NOINHERIT)`);
  return problems;
}
