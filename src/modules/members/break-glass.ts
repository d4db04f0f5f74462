import { sql } from 'drizzle-orm';
import { asDate, asDateOrNull } from '../../platform/auth/time.js';
import type { Database } from '../../platform/db/database.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { NotFoundProblem } from '../../platform/http/problem.js';
import { raiseSecurityEvent } from '../../platform/auth/security-events.js';

export const BREAK_GLASS_MAX_MINUTES = 60;

export interface BreakGlassGrant {
  id: string;
  clientId: string;
  userId: string;
  reason: string;
  openedAt: Date;
  expiresAt: Date;
  closedAt: Date | null;
}

/**
 * Opens time-boxed emergency access (at most 60 minutes) to one client with a written reason. It is
 * audited as `break_glass` in the practice's stream and raised as a security event the owner sees.
 * The reason is shown to the practice's owner, so the form says not to put clinical detail in it.
 */
export async function openBreakGlass(
  db: Database,
  ctx: { practiceId: string; userId: string; role: string; sessionId: string },
  input: { clientId: string; reason: string; minutes: number },
  now: Date,
): Promise<BreakGlassGrant> {
  const expiresAt = new Date(now.getTime() + Math.min(input.minutes, BREAK_GLASS_MAX_MINUTES) * 60_000);
  const grant = await withPracticeTx(db, ctx, async (tx) => {
    const [known] = await tx.rows<{ ok: boolean }>(sql`select exists(select 1 from practice_clients where client_id = ${input.clientId}) as ok`);
    if (!known?.ok) throw new NotFoundProblem();
    const [row] = await tx.rows<{ id: string }>(sql`insert into break_glass_grants (practice_id, client_id, user_id, reason, opened_at, expires_at)
      values (${ctx.practiceId}, ${input.clientId}, ${ctx.userId}, ${input.reason}, ${now.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz) returning id`);
    if (!row) throw new Error('break-glass not opened');
    tx.audit({ action: 'break_glass', resourceType: 'client', resourceId: row.id, subjectClientId: input.clientId, purposeOfUse: 'emergency' });
    return { id: row.id, clientId: input.clientId, userId: ctx.userId, reason: input.reason, openedAt: now, expiresAt, closedAt: null };
  });
  await raiseSecurityEvent(db, { kind: 'break_glass_opened', userId: ctx.userId, sourceIp: null, detail: `Break-glass access opened until ${expiresAt.toISOString()}.`, now, practiceIds: [ctx.practiceId] });
  return grant;
}

export async function listBreakGlass(db: Database, ctx: { practiceId: string; userId: string; role: string; sessionId: string }): Promise<BreakGlassGrant[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<{ id: string; client_id: string; user_id: string; reason: string; opened_at: Date | string; expires_at: Date | string; closed_at: Date | string | null }>(
      sql`select id, client_id, user_id, reason, opened_at, expires_at, closed_at from break_glass_grants order by opened_at desc limit 500`,
    );
    tx.audit({ action: 'read', resourceType: 'break_glass_report' });
    return rows.map((r) => ({ id: r.id, clientId: r.client_id, userId: r.user_id, reason: r.reason, openedAt: asDate(r.opened_at), expiresAt: asDate(r.expires_at), closedAt: asDateOrNull(r.closed_at) }));
  });
}
