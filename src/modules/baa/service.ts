import { sql } from 'drizzle-orm';
import { asDate } from '../../platform/auth/time.js';
import { recordAuditEvents } from '../../platform/audit/record.js';
import type { Database, SqlRunner } from '../../platform/db/database.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../../platform/db/roles.js';
import { ConflictProblem } from '../../platform/http/problem.js';

export const BAA_STATUSES = ['none', 'pending', 'executed', 'terminated'] as const;
export type BaaStatus = (typeof BAA_STATUSES)[number];

export interface BaaRecord {
  status: BaaStatus;
  effectiveDate: string | null;
  signatory: string | null;
  documentSha256: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
}

export const NO_BAA: BaaRecord = { status: 'none', effectiveDate: null, signatory: null, documentSha256: null, recordedBy: null, recordedAt: null };

type Row = { status: BaaStatus; effective_date: string | Date | null; signatory: string | null; document_sha256: string | null; recorded_by: string; recorded_at: string | Date };

function toRecord(r: Row): BaaRecord {
  const d = r.effective_date;
  return {
    status: r.status,
    effectiveDate: d === null ? null : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10),
    signatory: r.signatory,
    documentSha256: r.document_sha256,
    recordedBy: r.recorded_by,
    recordedAt: asDate(r.recorded_at),
  };
}

/** The BAA history of a practice, newest first (empty: no agreement was ever recorded). */
export async function baaHistory(db: Pick<SqlRunner, 'rows'>, practiceId: string): Promise<BaaRecord[]> {
  const rows = await db.rows<Row>(sql`select status, effective_date::text as effective_date, signatory, document_sha256, recorded_by, recorded_at
    from practice_baa_records where practice_id = ${practiceId} order by recorded_at desc, id desc`);
  return rows.map(toRecord);
}

export async function currentBaa(db: Pick<SqlRunner, 'rows'>, practiceId: string): Promise<BaaRecord> {
  return (await baaHistory(db, practiceId))[0] ?? NO_BAA;
}

/** The current status, read outside the practice's transaction (the route gate). */
export async function currentBaaStatus(db: Pick<SqlRunner, 'rows'>, practiceId: string): Promise<BaaStatus> {
  const [row] = await db.rows<{ status: BaaStatus }>(sql`select confidant_practice_baa_status(${practiceId}::uuid) as status`);
  return row?.status ?? 'none';
}

const operatorCtx = (actor: { userId: string; sessionId: string }, practiceId: string) => ({ practiceId, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId });

/** The history as the operator sees it (read in the practice's transaction, audited there). */
export async function baaHistoryForOperator(db: Database, actor: { userId: string; sessionId: string }, practiceId: string): Promise<BaaRecord[]> {
  return withPracticeTx(db, operatorCtx(actor, practiceId), async (tx) => {
    tx.audit({ action: 'read', resourceType: 'baa', resourceId: practiceId, purposeOfUse: 'operations' });
    return baaHistory(tx, practiceId);
  });
}

/**
 * Which changes make sense: an agreement is negotiated (pending), executed, and may end; a
 * terminated agreement is not revived (a new one is executed instead, which is allowed).
 */
const NEXT: Record<BaaStatus, readonly BaaStatus[]> = {
  none: ['pending', 'executed'],
  pending: ['none', 'pending', 'executed'],
  executed: ['executed', 'terminated'],
  terminated: ['pending', 'executed'],
};

export interface BaaChange {
  status: BaaStatus;
  effectiveDate?: string | null;
  signatory?: string | null;
  documentSha256?: string | null;
}

/** Records a new state of a practice's BAA, audited in the practice's stream (same transaction) and the installation's. */
export async function recordBaa(db: Database, actor: { userId: string; sessionId: string }, practiceId: string, change: BaaChange): Promise<BaaRecord> {
  const event = { action: `baa_${change.status}`, resourceType: 'baa', resourceId: practiceId, purposeOfUse: 'operations' as const };
  const record = await withPracticeTx(db, operatorCtx(actor, practiceId), async (tx) => {
    // One change at a time per practice, so the transition check sees the state it replaces.
    await tx.rows(sql`select pg_advisory_xact_lock(hashtextextended(${`baa:${practiceId}`}, 0))`);
    const current = await currentBaa(tx, practiceId);
    if (!NEXT[current.status].includes(change.status)) {
      throw new ConflictProblem(`A BAA that is ${current.status} cannot become ${change.status}.`, 'baa-transition');
    }
    const [row] = await tx.rows<Row>(sql`insert into practice_baa_records (practice_id, status, effective_date, signatory, document_sha256, recorded_by)
      values (${practiceId}, ${change.status}, ${change.effectiveDate ?? null}::date, ${change.signatory ?? null}, ${change.documentSha256 ?? null}, ${actor.userId})
      returning status, effective_date::text as effective_date, signatory, document_sha256, recorded_by, recorded_at`);
    if (!row) throw new Error('BAA record not written');
    tx.audit(event);
    return toRecord(row);
  });
  await recordAuditEvents(db, { practiceId: INSTALLATION_STREAM_ID, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId }, [event]);
  return record;
}
