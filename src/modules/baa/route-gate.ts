import type { FastifyInstance } from 'fastify';
import { recordAuditEvents } from '../../platform/audit/record.js';
import type { Database } from '../../platform/db/database.js';
import { assertBaaAllows, BaaRequiredProblem } from './gate.js';

/**
 * Every route that declares `access.phi` passes the BAA gate after authorization: a practice without
 * an executed agreement gets 403 `baa-required`, recorded as a denied attempt. Registered after the
 * authentication plugin, so its preValidation hook runs after the access decision.
 */
export function registerBaaGate(app: FastifyInstance, db: Database): void {
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    const practiceId = request.actor?.practiceId;
    if (!access?.phi || !practiceId) return;
    try {
      await assertBaaAllows(db, practiceId, access.action);
    } catch (err) {
      if (err instanceof BaaRequiredProblem) {
        const clientId = (request.params as Record<string, unknown> | undefined)?.[access.clientParam ?? 'clientId'];
        await recordAuditEvents(db, { practiceId }, [
          { action: access.action, resourceType: access.resource, outcome: 'denied', subjectClientId: typeof clientId === 'string' && /^[0-9a-f-]{36}$/i.test(clientId) ? clientId : null },
        ]);
      }
      throw err;
    }
  });
}
