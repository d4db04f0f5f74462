import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthRuntime } from '../../platform/auth/plugin.js';
import { requireActor } from '../../platform/auth/plugin.js';
import { listSecurityEvents } from '../../platform/auth/security-events.js';
import { INSTALLATION_STREAM_ID } from '../../platform/db/roles.js';
import { NotFoundProblem } from '../../platform/http/problem.js';
import { Email, Uuid } from '../accounts/schemas.js';
import { openBreakGlass } from '../members/break-glass.js';
import type { InvitationDelivery } from '../members/invitations.js';
import { createInvitation } from '../members/invitations.js';
import { BreakGlassBody, breakGlassView } from '../members/routes.js';
import { createPractice, findPractice, listPractices } from '../practices/service.js';

const PracticeView = z.object({ id: z.string(), name: z.string(), status: z.string(), createdAt: z.string() });
const installation = (action: 'read' | 'manage') => ({ access: { action, resource: 'installation' as const } });

/** Operator admin: practices, owner invitations, installation security events, break-glass. No PHI. */
export const adminRoutes: FastifyPluginAsyncZod<AuthRuntime & { deliverInvitation: InvitationDelivery | null }> = async (app, { db, now, ciphers, deliverInvitation }) => {
  const existingPractice = async (practiceId: string): Promise<void> => {
    const p = await findPractice(db, practiceId);
    if (!p || p.status !== 'active') throw new NotFoundProblem();
  };

  app.post(
    '/api/admin/practices',
    {
      schema: { tags: ['admin'], summary: 'Create a practice (with its settings)', body: z.object({ name: z.string().trim().min(1).max(200) }), response: { 201: PracticeView } },
      config: installation('manage'),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const p = await createPractice(db, actor, request.body.name);
      // Before anyone can write to it: every PHI field of the practice is sealed with these keys.
      await app.ciphers.provisionPractice(p.id);
      return reply.code(201).send({ ...p, createdAt: p.createdAt.toISOString() });
    },
  );

  app.get(
    '/api/admin/practices',
    { schema: { tags: ['admin'], summary: 'Practices of this installation', response: { 200: z.object({ practices: z.array(PracticeView) }) } }, config: installation('read') },
    async () => ({ practices: (await listPractices(db)).map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })) }),
  );

  app.post(
    '/api/admin/practices/:practiceId/invitations',
    {
      schema: {
        tags: ['admin'],
        summary: 'Invite the owner of a practice (single-use link, 72 h)',
        params: z.object({ practiceId: Uuid }),
        body: z.object({ email: Email, role: z.literal('owner', { error: 'operator admins invite owners only' }).default('owner') }),
        response: { 201: z.object({ id: z.string(), token: z.string(), expiresAt: z.string() }) },
      },
      config: installation('manage'),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await existingPractice(request.params.practiceId);
      const inv = await createInvitation(
        db,
        ciphers,
        { practiceId: request.params.practiceId, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId },
        { email: request.body.email, role: 'owner' },
        now(),
        deliverInvitation,
      );
      return reply.code(201).send({ id: inv.id, token: inv.token, expiresAt: inv.expiresAt.toISOString() });
    },
  );

  app.post(
    '/api/admin/practices/:practiceId/clients/:clientId/break-glass',
    {
      schema: {
        tags: ['admin'],
        summary: 'Open time-boxed emergency access to one client of a practice, with a reason; then choose the practice for the session',
        params: z.object({ practiceId: Uuid, clientId: Uuid }),
        body: BreakGlassBody,
      },
      config: installation('manage'),
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await existingPractice(request.params.practiceId);
      const grant = await openBreakGlass(
        db,
        { practiceId: request.params.practiceId, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId },
        { clientId: request.params.clientId, ...request.body },
        now(),
      );
      return reply.code(201).send(breakGlassView(grant));
    },
  );

  app.get(
    '/api/admin/security-events',
    { schema: { tags: ['admin'], summary: 'Installation security events (lockouts, break-glass)' }, config: { access: { action: 'read', resource: 'security_events' } } },
    async (request) => {
      const actor = requireActor(request);
      if (!actor.isOperatorAdmin) throw new NotFoundProblem();
      const events = await listSecurityEvents(db, { practiceId: INSTALLATION_STREAM_ID, userId: actor.userId, role: 'operator_admin', sessionId: actor.sessionId });
      return { events: events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })) };
    },
  );
};
