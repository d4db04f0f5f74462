import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import type { Database } from '../../platform/db/database.js';
import type { ConsentKind } from './consent-kinds.js';
import { CONSENT_KINDS, CONSENT_METHODS } from './consent-kinds.js';
import { CONSENT_DECISIONS, CONSENT_GIVERS, consentHistory, consentState, recordConsent } from './service.js';

export interface ConsentDeps {
  db: Database;
  now: () => Date;
}

const KINDS = Object.keys(CONSENT_KINDS) as [ConsentKind, ...ConsentKind[]];
const ClientParams = z.object({ clientId: z.guid({ error: 'expected a client id (uuid)' }) });
const DateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' });
const RecordView = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  decision: z.enum(CONSENT_DECISIONS),
  version: z.number(),
  method: z.enum(CONSENT_METHODS),
  givenBy: z.enum(CONSENT_GIVERS),
  decidedAt: z.string(),
  expiresAt: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

/**
 * A client's consents (recording, SMS, AI processing, Part 2 disclosure): record a grant or a
 * withdrawal, read the current state and the full history. Consents are part of the client's
 * clinical record (resource `client`): the care team and owners record and read them.
 */
export const consentRoutes: FastifyPluginAsyncZod<ConsentDeps> = async (app, { db, now }) => {
  app.post(
    '/api/practice/clients/:clientId/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Record a consent given or withdrawn (a new record; the history is kept)',
        params: ClientParams,
        body: z.strictObject({
          kind: z.enum(KINDS, { error: `expected one of ${KINDS.join(', ')}` }),
          decision: z.enum(CONSENT_DECISIONS, { error: 'expected granted or withdrawn' }),
          version: z.number().int().min(1).optional(),
          method: z.enum(CONSENT_METHODS, { error: `expected one of ${CONSENT_METHODS.join(', ')}` }),
          givenBy: z.enum(CONSENT_GIVERS, { error: 'expected client or personal_representative' }).default('client'),
          decidedAt: DateTime.optional(),
          expiresAt: DateTime.optional(),
        }),
        response: { 201: RecordView },
      },
      config: { access: { action: 'create', resource: 'client', phi: true } },
    },
    async (request, reply) => {
      const { decidedAt, expiresAt, ...rest } = request.body;
      const record = await recordConsent(
        db,
        practiceContextOf(requireActor(request)),
        request.params.clientId,
        { ...rest, decidedAt: decidedAt ? new Date(decidedAt) : undefined, expiresAt: expiresAt ? new Date(expiresAt) : undefined },
        now(),
      );
      return reply.code(201).send(record);
    },
  );

  app.get(
    '/api/practice/clients/:clientId/consents',
    {
      schema: {
        tags: ['consents'],
        summary: 'Current consent state of one client, kind by kind',
        params: ClientParams,
        response: {
          200: z.object({
            consents: z.array(z.object({ kind: z.enum(KINDS), title: z.string(), requiredVersion: z.number(), text: z.string(), active: z.boolean(), latest: RecordView.nullable() })),
          }),
        },
      },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => ({ consents: await consentState(db, practiceContextOf(requireActor(request)), request.params.clientId, now()) }),
  );

  app.get(
    '/api/practice/clients/:clientId/consents/history',
    {
      schema: { tags: ['consents'], summary: 'Every consent record of one client, oldest first', params: ClientParams, response: { 200: z.object({ records: z.array(RecordView) }) } },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => ({ records: await consentHistory(db, practiceContextOf(requireActor(request)), request.params.clientId) }),
  );
};
