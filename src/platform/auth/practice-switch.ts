import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import type { PracticeContext } from '../db/practice-tx.js';
import { TENANT_ROLE } from '../db/roles.js';

/**
 * Switches an application-role transaction to one practice, exactly as withPracticeTx does, for the
 * few acts that must write an installation-level row (a new user, a new practice) and the practice's
 * rows in one transaction, so neither can exist without the other. After this call the transaction
 * runs as the tenant role under RLS; audit with appendAuditEvents before it commits.
 */
export async function enterPractice(tx: SqlRunner, ctx: PracticeContext): Promise<void> {
  await tx.rows(sql`select set_config('app.practice_id', ${ctx.practiceId}, true),
                           set_config('app.user_id', ${ctx.userId ?? ''}, true),
                           set_config('app.role', ${ctx.role}, true)`);
  await tx.exec(`SET LOCAL ROLE ${TENANT_ROLE}`);
}
