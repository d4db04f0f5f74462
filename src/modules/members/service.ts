import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import type { PracticeContext } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import type { PracticeRole } from '../../platform/auth/permissions.js';
import { recordAuthEvent } from '../../platform/auth/auth-audit.js';
import { revokeUserSessions } from '../../platform/auth/sessions.js';
import { openDisplayName } from '../../platform/auth/users.js';
import type { AppCiphers } from '../../platform/crypto/app-ciphers.js';
import { ConflictProblem, NotFoundProblem } from '../../platform/http/problem.js';

export interface Member {
  userId: string;
  displayName: string;
  role: PracticeRole;
  status: 'active' | 'deactivated';
}

/** Display names are installation ciphertext (a client's account carries the client's name): decrypted here, in the audited transaction. */
export async function listMembers(db: Database, ciphers: Pick<AppCiphers, 'installation'>, ctx: PracticeContext): Promise<Member[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<{ user_id: string; display_name: string; role: PracticeRole; status: 'active' | 'deactivated' }>(
      sql`select m.user_id, u.display_name, m.role, m.status from memberships m join users u on u.id = m.user_id order by m.created_at`,
    );
    tx.audit({ action: 'read', resourceType: 'membership' });
    const members: Member[] = [];
    for (const r of rows) members.push({ userId: r.user_id, displayName: await openDisplayName(tx, ciphers.installation, r.user_id, r.display_name), role: r.role, status: r.status });
    return members;
  });
}

/**
 * Changes a member's role or status. Every session of that member ends at once: the plugin also
 * re-reads the membership on each request, so the change holds from the very next request.
 */
export async function updateMember(
  db: Database,
  ciphers: Pick<AppCiphers, 'installation'>,
  ctx: PracticeContext & { userId: string },
  targetUserId: string,
  change: { role?: PracticeRole; status?: 'active' | 'deactivated' },
  now: Date,
): Promise<Member> {
  if (targetUserId === ctx.userId) throw new ConflictProblem('You cannot change your own membership; ask another owner.', 'own-membership');
  const member = await withPracticeTx(db, ctx, async (tx) => {
    const [row] = await tx.rows<{ user_id: string; role: PracticeRole; status: 'active' | 'deactivated'; display_name: string }>(sql`
      update memberships m set role = coalesce(${change.role ?? null}, m.role), status = coalesce(${change.status ?? null}, m.status), updated_at = ${now.toISOString()}::timestamptz
        from users u where u.id = m.user_id and m.user_id = ${targetUserId}
        returning m.user_id, m.role, m.status, u.display_name`);
    if (!row) throw new NotFoundProblem();
    if (change.role) tx.audit({ action: 'role_change', resourceType: 'membership', resourceId: targetUserId });
    if (change.status) tx.audit({ action: change.status === 'deactivated' ? 'deactivate' : 'reactivate', resourceType: 'membership', resourceId: targetUserId });
    return { userId: row.user_id, displayName: await openDisplayName(tx, ciphers.installation, row.user_id, row.display_name), role: row.role, status: row.status };
  });
  const ended = await revokeUserSessions(db, targetUserId, change.status === 'deactivated' ? 'deactivated' : 'role_change', now);
  if (ended > 0) await recordAuthEvent(db, { userId: ctx.userId, sessionId: ctx.sessionId ?? null }, 'session_revoke', 'success', { type: 'user', id: targetUserId });
  return member;
}
