import type { AuditEventInput } from '../audit/record.js';
import { recordAuditEvents } from '../audit/record.js';
import type { Database } from '../db/database.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';

/**
 * The one function through which authentication events (login, login_failed, lockout, mfa_*,
 * password_change, session_revoke, logout ...) are recorded, in the installation stream: they happen
 * before, or regardless of, a chosen practice. Ids only.
 */
export async function recordAuthEvent(
  db: Database,
  actor: { userId: string | null; role?: string | null; sessionId?: string | null },
  action: string,
  outcome: AuditEventInput['outcome'] = 'success',
  resource: { type: string; id?: string | null } = { type: 'account' },
): Promise<void> {
  await recordAuditEvents(db, { practiceId: INSTALLATION_STREAM_ID, userId: actor.userId, role: actor.role ?? null, sessionId: actor.sessionId ?? null }, [
    { action, resourceType: resource.type, resourceId: resource.id ?? actor.userId, outcome },
  ]);
}
