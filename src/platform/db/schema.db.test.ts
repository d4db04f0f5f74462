import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, openTestDatabase } from '../../../test/support/db.js';
import type { Database } from './database.js';
import { inspectAppRole, inspectTenantTables, roleProblems } from './inspect.js';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('schema: every table with practice_id is a tenant table', () => {
  it('has RLS enabled and forced, practice_id in the primary key and a policy for every granted command', async () => {
    const reports = await inspectTenantTables(db);
    expect(reports.map((r) => r.table)).toEqual(expect.arrayContaining(['practice_settings', 'audit_events']));
    expect(reports.filter((r) => r.problems.length > 0)).toEqual([]);
  });

  it('the check catches a table that forgets any of it (so the test above can fail)', async () => {
    // Built and rolled back inside one owner transaction: the inspector sees it, nothing persists.
    const problems = await db
      .ownerTransaction(async (tx) => {
        await tx.exec(`
          create table zz_forgetful (practice_id uuid not null, id uuid not null, primary key (id));
          grant select, update on zz_forgetful to confidant_tenant;
          create table zz_half (practice_id uuid not null, id uuid not null, primary key (practice_id, id));
          alter table zz_half enable row level security;
          create policy p on zz_half for select to confidant_tenant using (practice_id = app_practice_id());
          grant select, delete on zz_half to confidant_tenant;`);
        const reports = await inspectTenantTables(tx);
        throw Object.assign(new Error('rollback'), { reports });
      })
      .catch((err: { reports?: Awaited<ReturnType<typeof inspectTenantTables>> }) => err.reports ?? []);
    const byTable = Object.fromEntries(problems.map((r) => [r.table, r.problems]));
    expect(byTable.zz_forgetful).toEqual(
      expect.arrayContaining([
        'row-level security is not enabled',
        'row-level security is not forced',
        'practice_id is not in the primary key',
        'no row-level security policy',
        'SELECT is granted but no SELECT policy exists',
        'UPDATE is granted but no UPDATE policy exists',
      ]),
    );
    expect(byTable.zz_half).toEqual(['row-level security is not forced', 'DELETE is granted but no DELETE policy exists']);
    const leftover = await db.rows(sql`select 1 from pg_class where relname in ('zz_forgetful', 'zz_half')`);
    expect(leftover).toEqual([]);
  });
});

describe('the application role', () => {
  it('is neither superuser nor owner, cannot bypass RLS, and does not inherit tenant grants', async () => {
    const report = await inspectAppRole(db);
    expect(roleProblems(report)).toEqual([]);
    expect(report.ownedTables).toBe(0);
  });

  it('every table is owned by the owner role', async () => {
    const owners = await asSuperuser(db, (run) =>
      run(sql`select distinct pg_get_userbyid(c.relowner)::text as owner from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'S')`),
    );
    expect(owners.map((o) => o.owner)).toEqual(['confidant_owner']);
  });
});
