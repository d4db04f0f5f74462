import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { DEFAULT_IDLE_MINUTES, setActivePractice } from '../../platform/auth/sessions.js';

/** Makes a practice the session's active one and takes its idle timeout (5-60 minutes). */
export async function activatePractice(db: Database, session: { id: string; userId: string }, practiceId: string, role: string): Promise<void> {
  const idle = await withPracticeTx(db, { practiceId, userId: session.userId, role, sessionId: session.id }, async (tx) => {
    const [row] = await tx.rows<{ m: number }>(sql`select session_idle_minutes as m from practice_settings`);
    tx.audit({ action: 'select_practice', resourceType: 'session', resourceId: session.id });
    return row?.m ?? DEFAULT_IDLE_MINUTES;
  });
  await setActivePractice(db, session.id, practiceId, idle);
}

export async function hasOpenBreakGlass(db: Database, userId: string, practiceId: string, now: Date): Promise<boolean> {
  return withPracticeTx(db, { practiceId, userId, role: 'operator_admin' }, async (tx) => {
    const [row] = await tx.rows<{ ok: boolean }>(sql`select exists(select 1 from break_glass_grants where user_id = ${userId}
      and closed_at is null and expires_at > ${now.toISOString()}::timestamptz) as ok`);
    return row?.ok ?? false;
  });
}
