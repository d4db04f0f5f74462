import { sql } from 'drizzle-orm';
import { asDate } from '../../platform/auth/time.js';
import type { Database } from '../../platform/db/database.js';
import { appendAuditEvents, recordAuditEvents } from '../../platform/audit/record.js';
import { INSTALLATION_STREAM_ID } from '../../platform/db/roles.js';
import { enterPractice } from '../../platform/auth/practice-switch.js';

export interface PracticeSummary {
  id: string;
  name: string;
  status: string;
  createdAt: Date;
}

/**
 * An operator admin creates a practice: the practice row and its settings row in one transaction
 * (a practice never exists without settings), audited in the new practice's stream and in the
 * installation stream.
 */
export async function createPractice(db: Database, actor: { userId: string; sessionId: string }, name: string): Promise<PracticeSummary> {
  const practice = await db.transaction(async (tx) => {
    const [row] = await tx.rows<{ id: string; name: string; status: string; created_at: Date | string }>(
      sql`insert into practices (name) values (${name}) returning id, name, status, created_at`,
    );
    if (!row) throw new Error('practice not created');
    await enterPractice(tx, { practiceId: row.id, userId: actor.userId, role: 'operator_admin' });
    await tx.rows(sql`insert into practice_settings (practice_id) values (${row.id})`);
    await appendAuditEvents(tx, { practiceId: row.id, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId }, [
      { action: 'create', resourceType: 'practice', resourceId: row.id },
    ]);
    return { id: row.id, name: row.name, status: row.status, createdAt: asDate(row.created_at) };
  });
  await recordAuditEvents(db, { practiceId: INSTALLATION_STREAM_ID, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId }, [
    { action: 'create', resourceType: 'practice', resourceId: practice.id },
  ]);
  return practice;
}

export async function listPractices(db: Database): Promise<PracticeSummary[]> {
  const rows = await db.rows<{ id: string; name: string; status: string; created_at: Date | string }>(sql`select id, name, status, created_at from practices order by created_at`);
  return rows.map((r) => ({ id: r.id, name: r.name, status: r.status, createdAt: asDate(r.created_at) }));
}

export async function findPractice(db: Database, practiceId: string): Promise<PracticeSummary | null> {
  const [r] = await db.rows<{ id: string; name: string; status: string; created_at: Date | string }>(sql`select id, name, status, created_at from practices where id = ${practiceId}`);
  return r ? { id: r.id, name: r.name, status: r.status, createdAt: asDate(r.created_at) } : null;
}
