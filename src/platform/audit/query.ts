import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import type { PracticeContext, PracticeTx } from '../db/practice-tx.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { ForbiddenProblem, ValidationProblem } from '../http/problem.js';
import { canonicalColumns } from './canonical.js';
import type { AuditOutcome, PurposeOfUse } from './record.js';
import { recordAuditEvents } from './record.js';

/** Roles that may search, export and report on a practice's audit trail. */
export const AUDIT_VIEWER_ROLES: readonly string[] = ['owner', 'compliance'];

const code = z.string().regex(/^[a-z_]{2,40}$/, { error: 'expected a lower-case code such as read or note' });
const instant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-01-31T09:00:00Z' });

/** Filters of the owner and compliance routes; the routes reuse this schema for the query string. */
export const auditFiltersSchema = z
  .object({
    clientId: z.guid({ error: 'expected a client id (uuid)' }).optional(),
    actorUserId: z.guid({ error: 'expected a user id (uuid)' }).optional(),
    action: code.optional(),
    resourceType: code.optional(),
    resourceId: z.string().min(1).max(100).optional(),
    outcome: z.enum(['success', 'denied', 'error'], { error: 'expected success, denied or error' }).optional(),
    from: instant.optional(),
    to: instant.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), { error: 'expected from to be before to', path: ['to'] });
export type AuditFilters = z.input<typeof auditFiltersSchema>;

export const auditPageSchema = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1, { error: 'expected at least 1' }).max(1000, { error: 'expected at most 1000' }).default(100),
});
export type AuditPageRequest = z.input<typeof auditPageSchema>;

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationProblem(r.error.issues.map((i) => ({ field: [prefix, ...i.path.map(String)].join('/'), message: i.message })));
}

export interface AuditEventRecord {
  id: string;
  practiceId: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  sessionId: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  subjectClientId: string | null;
  purposeOfUse: PurposeOfUse | null;
  outcome: AuditOutcome;
  requestId: string | null;
  /** Where the event sits in the practice's hash chain; null until the sealer has taken it. */
  seal: { seq: number; leafHash: string; chainHash: string } | null;
}

export interface EventRow {
  practice_id: string;
  id: string;
  occurred_at: string;
  actor_user_id: string | null;
  actor_role: string | null;
  session_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  action: string;
  resource_type: string;
  resource_id: string | null;
  subject_client_id: string | null;
  purpose_of_use: PurposeOfUse | null;
  outcome: AuditOutcome;
  request_id: string | null;
  seq: number | string | null;
  leaf: string | null;
  chain: string | null;
}

/** The event columns (canonical text forms) plus its seal, for `from audit_events e left join audit_seal s`. */
export const eventSelect = (): SQL =>
  sql`${canonicalColumns('e')}, s.seq, encode(s.leaf_hash, 'hex') as leaf, encode(s.chain_hash, 'hex') as chain`;

export function toRecord(r: EventRow): AuditEventRecord {
  return {
    id: r.id,
    practiceId: r.practice_id,
    occurredAt: r.occurred_at,
    actorUserId: r.actor_user_id,
    actorRole: r.actor_role,
    sessionId: r.session_id,
    sourceIp: r.source_ip,
    userAgent: r.user_agent,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    subjectClientId: r.subject_client_id,
    purposeOfUse: r.purpose_of_use,
    outcome: r.outcome,
    requestId: r.request_id,
    seal: r.seq === null ? null : { seq: Number(r.seq), leafHash: r.leaf ?? '', chainHash: r.chain ?? '' },
  };
}

export function filterConditions(practiceId: string, f: z.output<typeof auditFiltersSchema>): SQL[] {
  const c: SQL[] = [sql`e.practice_id = ${practiceId}`];
  if (f.clientId) c.push(sql`e.subject_client_id = ${f.clientId}`);
  if (f.actorUserId) c.push(sql`e.actor_user_id = ${f.actorUserId}`);
  if (f.action) c.push(sql`e.action = ${f.action}`);
  if (f.resourceType) c.push(sql`e.resource_type = ${f.resourceType}`);
  if (f.resourceId) c.push(sql`e.resource_id = ${f.resourceId}`);
  if (f.outcome) c.push(sql`e.outcome = ${f.outcome}`);
  if (f.from) c.push(sql`e.occurred_at >= ${f.from}::timestamptz`);
  if (f.to) c.push(sql`e.occurred_at < ${f.to}::timestamptz`);
  return c;
}

const cursorSchema = z.tuple([z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), z.guid()]);

/** Opaque to clients: base64url of [occurred_at with microseconds, id] of the last event of a page. */
export function encodeCursor(occurredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([occurredAt, id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { occurredAt: string; id: string } {
  try {
    const [occurredAt, id] = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { occurredAt, id };
  } catch {
    throw new ValidationProblem([{ field: 'query/cursor', message: 'expected a cursor returned by a previous page' }]);
  }
}

/**
 * Only owners and compliance officers read the audit trail. A refusal is itself recorded, in its own
 * transaction, before the 403.
 */
export async function requireAuditViewer(db: Database, viewer: PracticeContext, resourceType: string, subjectClientId?: string | null): Promise<void> {
  if (AUDIT_VIEWER_ROLES.includes(viewer.role)) return;
  await recordAuditEvents(db, { practiceId: viewer.practiceId, userId: viewer.userId, role: viewer.role, sessionId: viewer.sessionId ?? null }, [
    { action: 'read', resourceType, subjectClientId: subjectClientId ?? null, outcome: 'denied' },
  ]);
  throw new ForbiddenProblem('Only practice owners and compliance officers may read the audit trail.');
}

export interface AuditPage {
  events: AuditEventRecord[];
  nextCursor: string | null;
}

async function pageOf(db: Database, viewer: PracticeContext, conditions: SQL[], page: z.output<typeof auditPageSchema>, audit: (tx: PracticeTx) => void): Promise<AuditPage> {
  const where = [...conditions];
  if (page.cursor) {
    const c = decodeCursor(page.cursor);
    where.push(sql`(e.occurred_at, e.id) < (${c.occurredAt}::timestamptz, ${c.id}::uuid)`);
  }
  const rows = await withPracticeTx(db, viewer, async (tx) => {
    audit(tx);
    return tx.rows<EventRow>(sql`
      select ${eventSelect()}
      from audit_events e left join audit_seal s on s.practice_id = e.practice_id and s.event_id = e.id
      where ${sql.join(where, sql` and `)}
      order by e.occurred_at desc, e.id desc
      limit ${page.limit + 1}`);
  });
  const more = rows.length > page.limit;
  const events = rows.slice(0, page.limit).map(toRecord);
  const last = events.at(-1);
  return { events, nextCursor: more && last ? encodeCursor(last.occurredAt, last.id) : null };
}

/** Owner/compliance search, newest first, cursor-paginated; the search is itself recorded. */
export async function searchAuditEvents(db: Database, viewer: PracticeContext, filters: AuditFilters, page: AuditPageRequest = {}): Promise<AuditPage> {
  const f = parseOrThrow(auditFiltersSchema, filters, 'query');
  const p = parseOrThrow(auditPageSchema, page, 'query');
  await requireAuditViewer(db, viewer, 'audit_log', f.clientId);
  return pageOf(db, viewer, filterConditions(viewer.practiceId, f), p, (tx) =>
    tx.audit({ action: 'read', resourceType: 'audit_log', subjectClientId: f.clientId ?? null, purposeOfUse: 'operations' }),
  );
}

export interface AccessSummaryRow {
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  purposeOfUse: PurposeOfUse | null;
  outcome: AuditOutcome;
  count: number;
  firstAt: string;
  lastAt: string;
}

export interface AccessReport extends AuditPage {
  clientId: string;
  /** Who accessed the record, how, how often, first and last time, over the whole range. */
  summary: AccessSummaryRow[];
}

/**
 * Who accessed one client's record, when and how: the basis of a client's request for an access
 * report. Recorded as a read of the client's access report.
 */
export async function accessReport(
  db: Database,
  viewer: PracticeContext,
  clientId: string,
  range: { from?: string; to?: string } = {},
  page: AuditPageRequest = {},
): Promise<AccessReport> {
  const f = parseOrThrow(auditFiltersSchema, { clientId, ...range }, 'query');
  const p = parseOrThrow(auditPageSchema, page, 'query');
  await requireAuditViewer(db, viewer, 'access_report', f.clientId);
  const conditions = filterConditions(viewer.practiceId, f);
  const summary = await withPracticeTx(db, viewer, (tx) =>
    tx.rows<{
      actor_user_id: string | null;
      actor_role: string | null;
      action: string;
      resource_type: string;
      purpose_of_use: PurposeOfUse | null;
      outcome: AuditOutcome;
      n: number;
      first_at: string;
      last_at: string;
    }>(sql`
      select e.actor_user_id::text as actor_user_id, e.actor_role, e.action, e.resource_type, e.purpose_of_use, e.outcome, count(*)::int as n,
             to_char(min(e.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as first_at,
             to_char(max(e.occurred_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as last_at
      from audit_events e
      where ${sql.join(conditions, sql` and `)}
      group by 1, 2, 3, 4, 5, 6
      order by max(e.occurred_at) desc`),
  );
  const events = await pageOf(db, viewer, conditions, p, (tx) =>
    tx.audit({ action: 'read', resourceType: 'access_report', resourceId: clientId, subjectClientId: clientId, purposeOfUse: 'client_request' }),
  );
  return {
    clientId,
    summary: summary.map((r) => ({
      actorUserId: r.actor_user_id,
      actorRole: r.actor_role,
      action: r.action,
      resourceType: r.resource_type,
      purposeOfUse: r.purpose_of_use,
      outcome: r.outcome,
      count: r.n,
      firstAt: r.first_at,
      lastAt: r.last_at,
    })),
    ...events,
  };
}
