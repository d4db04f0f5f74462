import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { PracticeContext } from '../db/practice-tx.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { ValidationProblem } from '../http/problem.js';
import { CANONICAL_FIELDS } from './canonical.js';
import { csvLine } from './csv.js';
import { toFhirAuditEvent } from './fhir.js';
import type { AuditEventRecord, AuditFilters, EventRow } from './query.js';
import { auditFiltersSchema, eventSelect, filterConditions, parseOrThrow, requireAuditViewer, toRecord } from './query.js';
import { lastSeal, sealStream } from './seal.js';

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl', 'fhir'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

export const AUDIT_EXPORT_CONTENT_TYPES: Record<AuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  fhir: 'application/fhir+json; charset=utf-8',
};

/** Columns of the CSV and keys of each JSON line: the canonical fields, then the event's seal. */
export const EXPORT_COLUMNS = [...CANONICAL_FIELDS, 'seq', 'leaf_hash', 'chain_hash'] as const;

function exportRow(e: AuditEventRecord): (string | number | null)[] {
  return [
    e.practiceId,
    e.id,
    e.occurredAt,
    e.actorUserId,
    e.actorRole,
    e.sessionId,
    e.sourceIp,
    e.userAgent,
    e.action,
    e.resourceType,
    e.resourceId,
    e.subjectClientId,
    e.purposeOfUse,
    e.outcome,
    e.requestId,
    e.seal?.seq ?? null,
    e.seal?.leafHash ?? null,
    e.seal?.chainHash ?? null,
  ];
}

function jsonLine(e: AuditEventRecord): string {
  const values = exportRow(e);
  return `${JSON.stringify(Object.fromEntries(EXPORT_COLUMNS.map((k, i) => [k, values[i]])))}\n`;
}

export interface AuditExport {
  contentType: string;
  /** Sealed events in seal order (seq ascending), at most up to the head sealed when the export began. */
  chunks: AsyncIterable<string>;
  /** The last seq the export covers: with a checkpoint at or after it, a full export is verifiable offline. */
  headSeq: number;
}

/**
 * Exports a practice's audit trail. The export is itself recorded (action export, resource
 * audit_log) and committed before any event leaves; then the stream is sealed so the export
 * covers everything committed so far, including its own event, in seal order with each event's
 * seq, leaf hash and chain hash (docs/SECURITY.md says how to verify it).
 */
export async function exportAuditEvents(
  db: Database,
  viewer: PracticeContext,
  filters: AuditFilters,
  format: AuditExportFormat,
  opts: { pageSize?: number; now?: Date } = {},
): Promise<AuditExport> {
  if (!AUDIT_EXPORT_FORMATS.includes(format)) throw new ValidationProblem([{ field: 'query/format', message: 'expected csv, jsonl or fhir' }]);
  const f = parseOrThrow(auditFiltersSchema, filters, 'query');
  await requireAuditViewer(db, viewer, 'audit_log', f.clientId);
  await withPracticeTx(db, viewer, async (tx) => {
    tx.audit({ action: 'export', resourceType: 'audit_log', resourceId: format, subjectClientId: f.clientId ?? null, purposeOfUse: 'operations' });
  });
  await sealStream(db, viewer.practiceId);
  const headSeq = await withPracticeTx(db, viewer, async (tx) => (await lastSeal(tx)).seq);
  const pageSize = opts.pageSize ?? 5000;
  const conditions = filterConditions(viewer.practiceId, f);

  async function* events(): AsyncGenerator<AuditEventRecord> {
    let after = 0;
    for (;;) {
      const rows = await withPracticeTx(db, viewer, (tx) =>
        tx.rows<EventRow>(sql`
          select ${eventSelect()}
          from audit_seal s join audit_events e on e.practice_id = s.practice_id and e.id = s.event_id
          where s.practice_id = ${viewer.practiceId} and s.seq > ${after} and s.seq <= ${headSeq} and ${sql.join(conditions, sql` and `)}
          order by s.seq limit ${pageSize}`),
      );
      for (const r of rows) yield toRecord(r);
      if (rows.length < pageSize) return;
      after = Number(rows.at(-1)!.seq);
    }
  }

  async function* chunks(): AsyncGenerator<string> {
    if (format === 'csv') {
      yield csvLine([...EXPORT_COLUMNS]);
      for await (const e of events()) yield csvLine(exportRow(e));
    } else if (format === 'jsonl') {
      for await (const e of events()) yield jsonLine(e);
    } else {
      const timestamp = (opts.now ?? new Date()).toISOString();
      yield `{"resourceType":"Bundle","type":"collection","timestamp":${JSON.stringify(timestamp)},"entry":[`;
      let first = true;
      for await (const e of events()) {
        yield `${first ? '' : ','}${JSON.stringify({ fullUrl: `urn:uuid:${e.id}`, resource: toFhirAuditEvent(e) })}`;
        first = false;
      }
      yield ']}';
    }
  }

  return { contentType: AUDIT_EXPORT_CONTENT_TYPES[format], chunks: chunks(), headSeq };
}

/** Collects an export into one string (CLI and tests; routes stream the chunks). */
export async function collectExport(x: AuditExport): Promise<string> {
  let out = '';
  for await (const c of x.chunks) out += c;
  return out;
}
