import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import { ACKNOWLEDGE_CODES, ALERT_STATUSES, RESOLVE_CODES } from './codes.js';
import { listClientAlerts, listPracticeAlerts, moveAlert } from './service.js';

export interface CrisisAlertDeps {
  db: Database;
  cipher: FieldCipher;
  now: () => Date;
}

const Uuid = z.guid({ error: 'expected an id (uuid)' });
const AlertParams = z.object({ clientId: Uuid, alertId: Uuid });
const AlertView = z.object({
  id: z.string(),
  clientId: z.string(),
  administrationId: z.string(),
  instrumentId: z.string(),
  kind: z.string(),
  itemId: z.string(),
  itemText: z.string().nullable(),
  answerValue: z.number(),
  answerLabel: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.enum(ALERT_STATUSES),
  raisedAt: z.string(),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgeCode: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolveCode: z.string().nullable(),
});
const AlertList = z.object({ alerts: z.array(AlertView) });

/**
 * Crisis alerts for the care team. These routes only show and record: Confidant sends no email, SMS
 * or other message about an alert, to anyone (see service.ts).
 */
export const crisisAlertRoutes: FastifyPluginAsyncZod<CrisisAlertDeps> = async (app, { db, cipher, now }) => {
  app.get(
    '/api/practice/crisis-alerts',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Crisis alerts of the practice: every client for owners, care-team clients for clinicians',
        querystring: z.object({ status: z.enum([...ALERT_STATUSES, 'all'], { error: 'expected open, acknowledged, resolved or all' }).default('open') }),
        response: { 200: AlertList },
      },
      config: { access: { action: 'read', resource: 'crisis_alerts', phi: true } },
    },
    async (request) => ({ alerts: await listPracticeAlerts(db, cipher, practiceContextOf(requireActor(request)), request.query.status) }),
  );

  app.get(
    '/api/practice/clients/:clientId/crisis-alerts',
    {
      schema: { tags: ['assessments'], summary: 'Crisis alerts of one client, newest first', params: z.object({ clientId: Uuid }), response: { 200: AlertList } },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => ({ alerts: await listClientAlerts(db, cipher, practiceContextOf(requireActor(request)), request.params.clientId) }),
  );

  app.post(
    '/api/practice/clients/:clientId/crisis-alerts/:alertId/acknowledge',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Acknowledge an open crisis alert with a code (who and when are recorded)',
        params: AlertParams,
        body: z.strictObject({ code: z.enum(ACKNOWLEDGE_CODES, { error: `expected one of ${ACKNOWLEDGE_CODES.join(', ')}` }) }),
        response: { 200: AlertView },
      },
      config: { access: { action: 'update', resource: 'client', phi: true } },
    },
    async (request) =>
      moveAlert(db, cipher, practiceContextOf(requireActor(request)), request.params.clientId, request.params.alertId, { to: 'acknowledged', code: request.body.code }, now()),
  );

  app.post(
    '/api/practice/clients/:clientId/crisis-alerts/:alertId/resolve',
    {
      schema: {
        tags: ['assessments'],
        summary: 'Resolve a crisis alert with a code (who and when are recorded)',
        params: AlertParams,
        body: z.strictObject({ code: z.enum(RESOLVE_CODES, { error: `expected one of ${RESOLVE_CODES.join(', ')}` }) }),
        response: { 200: AlertView },
      },
      config: { access: { action: 'update', resource: 'client', phi: true } },
    },
    async (request) =>
      moveAlert(db, cipher, practiceContextOf(requireActor(request)), request.params.clientId, request.params.alertId, { to: 'resolved', code: request.body.code }, now()),
  );
};
