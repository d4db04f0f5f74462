import { sql } from 'drizzle-orm';
import { asDate } from './time.js';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';

export type SecurityEventKind = 'account_locked' | 'repeated_login_failures' | 'break_glass_opened';

export interface SecurityEvent {
  id: string;
  occurredAt: Date;
  kind: string;
  userId: string | null;
  sourceIp: string | null;
  detail: string | null;
}

/**
 * Raises a security event in the installation stream (operator admins) and in the stream of each
 * practice the user belongs to (their owners). `detail` is a fixed sentence, never user input.
 */
export async function raiseSecurityEvent(
  db: Database,
  event: { kind: SecurityEventKind; userId: string | null; sourceIp: string | null; detail: string; now: Date; practiceIds: string[] },
): Promise<void> {
  for (const practiceId of [INSTALLATION_STREAM_ID, ...event.practiceIds]) {
    await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, async (tx) => {
      await tx.rows(sql`insert into security_events (practice_id, occurred_at, kind, user_id, source_ip, detail)
        values (${practiceId}, ${event.now.toISOString()}::timestamptz, ${event.kind}, ${event.userId}, ${event.sourceIp}, ${event.detail})`);
    });
  }
}

export async function listSecurityEvents(db: Database, ctx: { practiceId: string; userId: string; role: string; sessionId: string }, limit = 200): Promise<SecurityEvent[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<{ id: string; occurred_at: Date | string; kind: string; user_id: string | null; source_ip: string | null; detail: string | null }>(
      sql`select id, occurred_at, kind, user_id, source_ip, detail from security_events order by occurred_at desc limit ${limit}`,
    );
    tx.audit({ action: 'read', resourceType: 'security_events' });
    return rows.map((r) => ({ id: r.id, occurredAt: asDate(r.occurred_at), kind: r.kind, userId: r.user_id, sourceIp: r.source_ip, detail: r.detail }));
  });
}
