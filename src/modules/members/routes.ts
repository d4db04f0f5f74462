import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthRuntime } from '../../platform/auth/plugin.js';
import { authRateLimit, requireActor } from '../../platform/auth/plugin.js';
import type { PasswordProfile } from '../../platform/auth/password-policy.js';
import { can, PRACTICE_ROLES } from '../../platform/auth/permissions.js';
import { loadClientFacts } from '../../platform/auth/client-access.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { listSecurityEvents } from '../../platform/auth/security-events.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { AnyPassword, DisplayName, Email, Uuid } from '../accounts/schemas.js';
import { BREAK_GLASS_MAX_MINUTES, listBreakGlass, openBreakGlass } from './break-glass.js';
import { addToCareTeam, listCareTeam, removeFromCareTeam, removeGrant, setGrant } from './client-access-service.js';
import type { InvitationDelivery } from './invitations.js';
import { acceptInvitation, createInvitation, listInvitations, revokeInvitation } from './invitations.js';
import { listMembers, updateMember } from './service.js';

export interface MembersDeps extends AuthRuntime {
  passwordProfile: PasswordProfile;
  authRateLimitPerMinute: number;
  deliverInvitation: InvitationDelivery | null;
}

const Role = z.enum(PRACTICE_ROLES);
const ClientParams = z.object({ clientId: Uuid });
const ClientMemberParams = z.object({ clientId: Uuid, userId: Uuid });
const MemberView = z.object({ userId: z.string(), displayName: z.string(), role: z.string(), status: z.string() });
const BreakGlassView = z.object({ id: z.string(), clientId: z.string(), userId: z.string(), reason: z.string(), openedAt: z.string(), expiresAt: z.string(), closedAt: z.string().nullable() });
export const BreakGlassBody = z.object({
  reason: z.string().trim().min(10, { error: 'write the reason for emergency access (at least 10 characters)' }).max(2000),
  minutes: z.number().int().min(1).max(BREAK_GLASS_MAX_MINUTES).default(BREAK_GLASS_MAX_MINUTES),
});
export const breakGlassView = (g: Awaited<ReturnType<typeof openBreakGlass>>): z.infer<typeof BreakGlassView> => ({
  ...g,
  openedAt: g.openedAt.toISOString(),
  expiresAt: g.expiresAt.toISOString(),
  closedAt: g.closedAt?.toISOString() ?? null,
});

/** Membership, invitations, care teams, per-client grants and break-glass in the active practice. */
export const memberRoutes: FastifyPluginAsyncZod<MembersDeps> = async (app, deps) => {
  const { db, now, ciphers } = deps;

  app.post(
    '/api/practice/invitations',
    {
      schema: {
        tags: ['identity'],
        summary: 'Invite someone to the active practice (single-use link, 72 h)',
        body: z.object({ email: Email, role: Role }),
        response: { 201: z.object({ id: z.string(), token: z.string(), expiresAt: z.string() }) },
      },
      config: { access: { action: 'manage', resource: 'members' } },
    },
    async (request, reply) => {
      const inv = await createInvitation(db, ciphers, practiceContextOf(requireActor(request)), request.body, now(), deps.deliverInvitation);
      return reply.code(201).send({ id: inv.id, token: inv.token, expiresAt: inv.expiresAt.toISOString() });
    },
  );

  app.get(
    '/api/practice/invitations',
    {
      schema: {
        tags: ['identity'],
        summary: 'Invitations of the active practice and their state',
        response: { 200: z.object({ invitations: z.array(z.object({ id: z.string(), role: z.string(), createdAt: z.string(), expiresAt: z.string(), state: z.string() })) }) },
      },
      config: { access: { action: 'manage', resource: 'members' } },
    },
    async (request) => ({
      invitations: (await listInvitations(db, practiceContextOf(requireActor(request)), now())).map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), expiresAt: i.expiresAt.toISOString() })),
    }),
  );

  app.delete(
    '/api/practice/invitations/:invitationId',
    { schema: { tags: ['identity'], summary: 'Withdraw a pending invitation', params: z.object({ invitationId: Uuid }) }, config: { access: { action: 'manage', resource: 'members' } } },
    async (request, reply) => {
      await revokeInvitation(db, practiceContextOf(requireActor(request)), request.params.invitationId, now());
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/invitations/accept',
    {
      schema: {
        tags: ['identity'],
        summary: 'Accept an invitation: set a password (workforce roles then enrol MFA before any access)',
        body: z.object({ token: z.string().min(20).max(200), email: Email, displayName: DisplayName, password: AnyPassword }),
        response: { 201: z.object({ userId: z.string(), practiceId: z.string(), role: z.string() }) },
      },
      config: { public: true, csrf: true, ...authRateLimit(deps.authRateLimitPerMinute) },
    },
    async (request, reply) => reply.code(201).send(await acceptInvitation(db, ciphers, request.body, { now: now(), profile: deps.passwordProfile })),
  );

  app.get(
    '/api/practice/members',
    { schema: { tags: ['identity'], summary: 'Members of the active practice', response: { 200: z.object({ members: z.array(MemberView) }) } }, config: { access: { action: 'read', resource: 'members' } } },
    async (request) => ({ members: await listMembers(db, ciphers, practiceContextOf(requireActor(request))) }),
  );

  app.patch(
    '/api/practice/members/:userId',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change a member\'s role or deactivate them; their sessions end at once',
        params: z.object({ userId: Uuid }),
        body: z.object({ role: Role.optional(), status: z.enum(['active', 'deactivated']).optional() }).refine((b) => b.role !== undefined || b.status !== undefined, { error: 'give a role or a status' }),
        response: { 200: MemberView },
      },
      config: { access: { action: 'manage', resource: 'members' } },
    },
    async (request) => updateMember(db, ciphers, practiceContextOf(requireActor(request)), request.params.userId, request.body, now()),
  );

  app.get(
    '/api/practice/clients/:clientId/access',
    {
      schema: {
        tags: ['identity'],
        summary: 'What the caller may do with one client (care team, grant, break-glass)',
        params: ClientParams,
        response: { 200: z.object({ read: z.boolean(), update: z.boolean(), export: z.boolean(), push: z.boolean(), careTeam: z.boolean(), breakGlass: z.boolean() }) },
      },
      config: { access: { action: 'read', resource: 'client', phi: true } },
    },
    async (request) => {
      const actor = requireActor(request);
      const ctx = practiceContextOf(actor);
      const { clientId } = request.params;
      const facts = await withPracticeTx(db, ctx, async (tx) => {
        const f = await loadClientFacts(tx, actor, clientId, now());
        tx.audit({ action: 'read', resourceType: 'client_access', subjectClientId: clientId, purposeOfUse: f.breakGlass ? 'emergency' : 'treatment' });
        return f;
      });
      const resource = { type: 'client' as const, practiceId: ctx.practiceId, clientId, ...facts };
      const ok = (a: 'read' | 'update' | 'export' | 'push'): boolean => can(actor, a, resource).allowed;
      return { read: ok('read'), update: ok('update'), export: ok('export'), push: ok('push'), careTeam: facts.careTeam, breakGlass: facts.breakGlass };
    },
  );

  app.get(
    '/api/practice/clients/:clientId/care-team',
    {
      schema: { tags: ['identity'], summary: 'The care team of one client', params: ClientParams, response: { 200: z.object({ members: z.array(z.object({ userId: z.string(), displayName: z.string() })) }) } },
      // Whoever may read the client's demographics sees who treats them (the chart shows it); changing it stays the owner's.
      config: { access: { action: 'read', resource: 'client_demographics', phi: true } },
    },
    async (request) => ({ members: await listCareTeam(db, ciphers, practiceContextOf(requireActor(request)), request.params.clientId) }),
  );

  app.put(
    '/api/practice/clients/:clientId/care-team/:userId',
    { schema: { tags: ['identity'], summary: 'Put a clinician on a client\'s care team', params: ClientMemberParams }, config: { access: { action: 'manage', resource: 'client_access', phi: true } } },
    async (request, reply) => {
      await addToCareTeam(db, practiceContextOf(requireActor(request)), request.params.clientId, request.params.userId);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/practice/clients/:clientId/care-team/:userId',
    { schema: { tags: ['identity'], summary: 'Take a clinician off a client\'s care team', params: ClientMemberParams }, config: { access: { action: 'manage', resource: 'client_access', phi: true } } },
    async (request, reply) => {
      await removeFromCareTeam(db, practiceContextOf(requireActor(request)), request.params.clientId, request.params.userId);
      return reply.code(204).send();
    },
  );

  app.put(
    '/api/practice/clients/:clientId/grants/:userId',
    {
      schema: {
        tags: ['identity'],
        summary: 'Grant a clinician view/edit/export/push on one client',
        params: ClientMemberParams,
        body: z.object({ view: z.boolean(), edit: z.boolean(), export: z.boolean(), push: z.boolean() }),
      },
      config: { access: { action: 'manage', resource: 'client_access', phi: true } },
    },
    async (request, reply) => {
      await setGrant(db, practiceContextOf(requireActor(request)), request.params.clientId, request.params.userId, request.body);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/practice/clients/:clientId/grants/:userId',
    { schema: { tags: ['identity'], summary: 'Remove a clinician\'s grant on one client', params: ClientMemberParams }, config: { access: { action: 'manage', resource: 'client_access', phi: true } } },
    async (request, reply) => {
      await removeGrant(db, practiceContextOf(requireActor(request)), request.params.clientId, request.params.userId);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/practice/clients/:clientId/break-glass',
    {
      schema: { tags: ['identity'], summary: 'Open time-boxed emergency access (at most 60 minutes) to one client, with a reason', params: ClientParams, body: BreakGlassBody, response: { 201: BreakGlassView } },
      config: { access: { action: 'create', resource: 'break_glass', phi: true } },
    },
    async (request, reply) => {
      const grant = await openBreakGlass(db, practiceContextOf(requireActor(request)), { clientId: request.params.clientId, ...request.body }, now());
      return reply.code(201).send(breakGlassView(grant));
    },
  );

  app.get(
    '/api/practice/break-glass',
    { schema: { tags: ['identity'], summary: 'Break-glass report of the active practice', response: { 200: z.object({ grants: z.array(BreakGlassView) }) } }, config: { access: { action: 'read', resource: 'break_glass_report' } } },
    async (request) => ({ grants: (await listBreakGlass(db, practiceContextOf(requireActor(request)))).map(breakGlassView) }),
  );

  const SecurityEventView = z.object({ id: z.string(), occurredAt: z.string(), kind: z.string(), userId: z.string().nullable(), sourceIp: z.string().nullable(), detail: z.string().nullable() });
  app.get(
    '/api/practice/security-events',
    { schema: { tags: ['identity'], summary: 'Security events of the active practice (lockouts, break-glass)', response: { 200: z.object({ events: z.array(SecurityEventView) }) } }, config: { access: { action: 'read', resource: 'security_events' } } },
    async (request) => ({
      events: (await listSecurityEvents(db, practiceContextOf(requireActor(request)))).map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
    }),
  );
};

