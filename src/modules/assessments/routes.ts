import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import { ADMINISTRATION_METHODS, administer, clientTrend, getAdministration, listAdministrations } from './service.js';

export interface AssessmentDeps {
  db: Database;
  cipher: FieldCipher;
  now: () => Date;
}

const Uuid = z.guid({ error: 'expected an id (uuid)' });
const InstrumentId = z.string().regex(/^[a-z0-9-]{2,40}$/, { error: 'expected an instrument id such as phq-9, gad-7 or pcl-5' });
const ClientParams = z.object({ clientId: Uuid });

const AdministerBody = z.strictObject({
  instrumentId: InstrumentId,
  administeredAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' }).optional(),
  method: z.enum(ADMINISTRATION_METHODS, { error: 'expected in_session or paper_form' }).default('in_session'),
  answers: z
    .record(z.string().regex(/^[a-z0-9_]{1,40}$/, { error: 'expected an item id' }), z.number({ error: 'expected a number' }))
    .refine((a) => Object.keys(a).length <= 200, { error: 'too many answers' }),
});

const Summary = z.object({
  id: z.string(),
  clientId: z.string(),
  instrumentId: z.string(),
  instrumentVersion: z.string(),
  instrumentName: z.string().nullable(),
  administeredAt: z.string(),
  method: z.string(),
  administeredBy: z.string(),
  recordedAt: z.string(),
  total: z.number(),
  maxTotal: z.number(),
  band: z.string().nullable(),
  provisionalDiagnosis: z.object({ label: z.string(), met: z.boolean() }).nullable(),
  cutPoint: z.object({ label: z.string(), atLeast: z.number(), met: z.boolean() }).nullable(),
  clusters: z.record(z.string(), z.object({ score: z.number(), endorsed: z.number() })),
});
const Detail = Summary.extend({
  instructions: z.string().nullable(),
  source: z.string().nullable(),
  items: z.array(z.object({ id: z.string(), text: z.string(), scored: z.boolean(), answer: z.number().nullable(), answerLabel: z.string().nullable() })),
});
const Change = z.object({
  delta: z.number(),
  bandChanged: z.boolean(),
  reliableChange: z.boolean().nullable(),
  direction: z.enum(['improved', 'worsened', 'no_reliable_change']).nullable(),
});
const TrendView = z.object({
  instrumentId: z.string(),
  maxTotal: z.number(),
  bands: z.array(z.object({ min: z.number(), max: z.number(), label: z.string() })),
  reliableChange: z.object({ points: z.number(), source: z.string() }).nullable(),
  points: z.array(z.object({ id: z.string(), administeredAt: z.string(), total: z.number(), band: z.string().nullable(), change: Change.nullable() })),
  overall: Change.nullable(),
});

/**
 * Measurement-based care for one client: administer an instrument, list results, read one with its
 * items and answers, and the trend a chart draws. Results are clinical content (resource `client`):
 * staff never read them; they may key in a paper form (resource `assessment_entry`).
 */
export const assessmentRoutes: FastifyPluginAsyncZod<AssessmentDeps> = async (app, { db, cipher, now }) => {
  app.post(
    '/api/practice/clients/:clientId/assessments',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Record an administration of an instrument (scored; PHQ-9 item 9 above zero raises a crisis alert)',
        params: ClientParams,
        body: AdministerBody,
        response: {
          201: z.object({
            id: z.string(),
            instrumentId: z.string(),
            administeredAt: z.string(),
            method: z.string(),
            /** Absent for staff, who record paper forms but do not read results. */
            result: Summary.optional(),
            crisisAlertIds: z.array(z.string()).optional(),
          }),
        },
      },
      config: { access: { action: 'create', resource: 'assessment_entry', phi: true } },
    },
    async (request, reply) => {
      const ctx = practiceContextOf(requireActor(request));
      const { administeredAt, ...rest } = request.body;
      const at = now();
      const { summary, crisisAlertIds } = await administer(db, cipher, ctx, request.params.clientId, { ...rest, administeredAt: administeredAt ? new Date(administeredAt) : undefined }, at);
      const base = { id: summary.id, instrumentId: summary.instrumentId, administeredAt: summary.administeredAt, method: summary.method };
      return reply.code(201).send(ctx.role === 'staff' ? base : { ...base, result: summary, crisisAlertIds });
    },
  );

  app.get(
    '/api/practice/clients/:clientId/assessments',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Administrations for one client, newest first',
        params: ClientParams,
        querystring: z.object({ instrument: InstrumentId.optional() }),
        response: { 200: z.object({ assessments: z.array(Summary) }) },
      },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => ({
      assessments: await listAdministrations(db, cipher, practiceContextOf(requireActor(request)), request.params.clientId, request.query.instrument),
    }),
  );

  app.get(
    '/api/practice/clients/:clientId/assessments/trend',
    {
      schema: {
        tags: ['assessments'],
        summary: 'One instrument over time for one client: totals, bands and the change at each step',
        params: ClientParams,
        querystring: z.object({ instrument: InstrumentId }),
        response: { 200: TrendView },
      },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => clientTrend(db, cipher, practiceContextOf(requireActor(request)), request.params.clientId, request.query.instrument),
  );

  app.get(
    '/api/practice/clients/:clientId/assessments/:assessmentId',
    {
      schema: {
        tags: ['assessments'],
        summary: 'One administration with the item text and answers',
        params: z.object({ clientId: Uuid, assessmentId: Uuid }),
        response: { 200: Detail },
      },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => getAdministration(db, cipher, practiceContextOf(requireActor(request)), request.params.clientId, request.params.assessmentId),
  );
};
