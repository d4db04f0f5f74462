import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import type { Database } from '../../platform/db/database.js';
import { AUDIT_EXPORT_FORMATS, exportAuditEvents } from '../../platform/audit/export.js';
import { checkpointForViewer } from '../../platform/audit/owner-checkpoint.js';
import { accessReport, auditFiltersSchema, searchAuditEvents } from '../../platform/audit/query.js';
import type { CheckpointSigner } from '../../platform/audit/signer.js';
import { NotFoundProblem, ServiceUnavailableProblem } from '../../platform/http/problem.js';

export interface AuditLogDeps {
  db: Database;
  /** Signs checkpoints; null only in an app built without a keyring, where the checkpoint route answers 503. */
  signer: CheckpointSigner | null;
}

const Page = z.object({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1, { error: 'expected at least 1' }).max(1000, { error: 'expected at most 1000' }).optional(),
});
const SearchQuery = auditFiltersSchema.and(Page);
const ExportQuery = auditFiltersSchema.and(z.object({ format: z.enum(AUDIT_EXPORT_FORMATS, { error: 'expected csv, jsonl or fhir' }) }));
const ReportQuery = z.object({
  from: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }).optional(),
}).and(Page);
const ClientParams = z.object({ clientId: z.guid({ error: 'expected a client id (uuid)' }) });

const access = { action: 'read', resource: 'audit_log' } as const;

/**
 * The owners' view of the practice's audit trail (45 CFR 164.312(b)): search, export (CSV, JSON lines,
 * FHIR R4 AuditEvent), a client's access report, and the signed checkpoint a customer keeps. The
 * services record every one of these reads, and refusals, in the trail itself.
 */
export const auditLogRoutes: FastifyPluginAsyncZod<AuditLogDeps> = async (app, { db, signer }) => {
  app.get(
    '/api/audit/events',
    { schema: { tags: ['audit'], summary: 'Search the practice audit trail, newest first', querystring: SearchQuery }, config: { access } },
    async (request) => {
      const { cursor, limit, ...filters } = request.query;
      return searchAuditEvents(db, practiceContextOf(requireActor(request)), filters, { cursor, limit });
    },
  );

  app.get(
    '/api/audit/export',
    { schema: { tags: ['audit'], summary: 'Export the sealed audit trail as CSV, JSON lines or a FHIR R4 Bundle of AuditEvent', querystring: ExportQuery }, config: { access } },
    async (request, reply) => {
      const { format, ...filters } = request.query;
      const x = await exportAuditEvents(db, practiceContextOf(requireActor(request)), filters, format);
      const ext = format === 'fhir' ? 'json' : format;
      return reply
        .header('content-type', x.contentType)
        .header('content-disposition', `attachment; filename="audit-export.${ext}"`)
        .header('x-confidant-audit-head-seq', String(x.headSeq))
        .send(Readable.from(x.chunks));
    },
  );

  app.get(
    '/api/audit/clients/:clientId/access-report',
    { schema: { tags: ['audit'], summary: 'Who accessed one client record, when and how', params: ClientParams, querystring: ReportQuery }, config: { access } },
    async (request) => {
      const { from, to, cursor, limit } = request.query;
      return accessReport(db, practiceContextOf(requireActor(request)), request.params.clientId, { from, to }, { cursor, limit });
    },
  );

  app.get(
    '/api/audit/checkpoint',
    { schema: { tags: ['audit'], summary: 'The latest signed checkpoint of the practice audit trail, to keep outside Confidant' }, config: { access } },
    async (request, reply) => {
      if (!signer) throw new ServiceUnavailableProblem('No signing key is configured for audit checkpoints.');
      const file = await checkpointForViewer(db, practiceContextOf(requireActor(request)), signer);
      if (!file) throw new NotFoundProblem('Nothing has been sealed for this practice yet; try again in a few seconds.');
      return reply.header('content-disposition', 'attachment; filename="audit-checkpoint.json"').send(file);
    },
  );
};
