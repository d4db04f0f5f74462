import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import type { RequestContext } from '../http/request-context.js';
import { currentRequestContext } from '../http/request-context.js';

export const PURPOSES_OF_USE = ['treatment', 'payment', 'operations', 'client_request', 'legal', 'emergency'] as const;
export type PurposeOfUse = (typeof PURPOSES_OF_USE)[number];
export type AuditOutcome = 'success' | 'denied' | 'error';

/** One audited act. Ids and codes only: never a name, note text or free text from a request. */
export interface AuditEventInput {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  subjectClientId?: string | null;
  purposeOfUse?: PurposeOfUse | null;
  outcome?: AuditOutcome;
}

/** Who acted; the request context supplies what the caller does not. */
export interface AuditActor {
  practiceId: string;
  userId?: string | null;
  role?: string | null;
  sessionId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** Access gained only through break-glass is an emergency access, whatever purpose the module gives. */
function purposeOf(e: AuditEventInput, rc: RequestContext | undefined): PurposeOfUse | null {
  if (rc?.emergencyClientId && e.subjectClientId === rc.emergencyClientId) return 'emergency';
  return e.purposeOfUse ?? null;
}

/**
 * The one recording function. It must run in the transaction of the work it records, so that a
 * commit always carries its events and a rollback leaves none.
 */
export async function appendAuditEvents(tx: SqlRunner, actor: AuditActor, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  const rc = currentRequestContext();
  const userId = actor.userId ?? rc?.userId ?? null;
  const role = actor.role ?? rc?.role ?? null;
  const sessionId = actor.sessionId ?? rc?.sessionId ?? null;
  const ip = actor.ip ?? rc?.ip ?? null;
  const ua = (actor.userAgent ?? rc?.userAgent ?? null)?.slice(0, 512) ?? null;
  const requestId = actor.requestId ?? rc?.requestId ?? null;
  const values = events.map(
    (e) => sql`(${actor.practiceId}::uuid, ${userId}::uuid, ${role}, ${sessionId}, ${ip}, ${ua}, ${e.action}, ${e.resourceType},
      ${e.resourceId ?? null}, ${e.subjectClientId ?? null}::uuid, ${purposeOf(e, rc)}, ${e.outcome ?? 'success'}, ${requestId})`,
  );
  await tx.rows(sql`insert into audit_events
    (practice_id, actor_user_id, actor_role, session_id, source_ip, user_agent, action, resource_type,
     resource_id, subject_client_id, purpose_of_use, outcome, request_id)
    values ${sql.join(values, sql`, `)}`);
}

/**
 * Records events in a transaction of their own, for acts whose work rolled back or never ran: a denied
 * attempt, a failed login, an installation-level action (practiceId = INSTALLATION_STREAM_ID).
 */
export async function recordAuditEvents(
  db: { transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> },
  actor: AuditActor,
  events: AuditEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.rows(sql`select set_config('app.practice_id', ${actor.practiceId}, true)`);
    await appendAuditEvents(tx, actor, events);
  });
}
