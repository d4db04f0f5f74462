import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAuthEvent } from '../../platform/auth/auth-audit.js';
import { sessionCookieOptions } from '../../platform/auth/cookie.js';
import { hasConfirmedTotp } from '../../platform/auth/mfa.js';
import { mfaRequired } from '../../platform/auth/mfa-rule.js';
import { hashPassword } from '../../platform/auth/password-hash.js';
import { enforcePasswordPolicy } from '../../platform/auth/password-problem.js';
import { authRateLimit, requireActor } from '../../platform/auth/plugin.js';
import { listLiveSessions, revokeSession, revokeUserSessions } from '../../platform/auth/sessions.js';
import { readUserEmail } from '../../platform/auth/user-email.js';
import { getUser, listMemberships, readDisplayName, setPasswordHash } from '../../platform/auth/users.js';
import { NotFoundProblem, UnauthorizedProblem } from '../../platform/http/problem.js';
import { activatePractice, hasOpenBreakGlass } from './practice-selection.js';
import { login } from './login.js';
import { AnyPassword, DisplayName, Email, NewPassword, RecoveryCode, TotpCode, Uuid } from './schemas.js';
import { setupOperatorAdmin } from './setup-admin.js';
import { mfaRoutes } from './mfa-routes.js';
import type { AccountsDeps } from './deps.js';
import { reauthenticate } from './reauthenticate.js';


const Membership = z.object({ practiceId: z.string(), practiceName: z.string(), role: z.string(), status: z.string() });
const SessionView = z.object({
  user: z.object({ id: z.string(), displayName: z.string(), isOperatorAdmin: z.boolean() }),
  session: z.object({ id: z.string(), absoluteExpiresAt: z.string(), idleMinutes: z.number() }),
  activePractice: z.object({ id: z.string(), role: z.string().nullable() }).nullable(),
  memberships: z.array(Membership),
  mfa: z.object({ enrolled: z.boolean(), required: z.boolean(), verifiedThisSession: z.boolean() }),
});

export const accountRoutes: FastifyPluginAsyncZod<AccountsDeps> = async (app, deps) => {
  const { db, now } = deps;
  const cipher = deps.ciphers.installation;
  const limited = authRateLimit(deps.authRateLimitPerMinute);
  const setCookie = (reply: FastifyReply, token: string): void => {
    reply.setCookie(deps.cookie.name, token, sessionCookieOptions(deps.cookie));
  };

  app.post(
    '/api/setup/admin',
    {
      schema: {
        tags: ['identity'],
        summary: 'Create the first operator admin with the one-time setup token',
        body: z.object({ setupToken: z.string().min(20).max(200), email: Email, displayName: DisplayName, password: NewPassword }),
        response: { 201: z.object({ userId: z.string() }) },
      },
      config: { public: true, csrf: true, ...limited },
    },
    async (request, reply) => {
      const result = await setupOperatorAdmin(db, cipher, request.body, { now: now(), profile: deps.passwordProfile });
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['identity'],
        summary: 'Sign in with email and password (and a TOTP or recovery code when enrolled)',
        body: z.object({ email: Email, password: AnyPassword, code: TotpCode.optional(), recoveryCode: RecoveryCode.optional() }),
        response: { 200: z.object({ userId: z.string(), activePracticeId: z.string().nullable(), mfaVerified: z.boolean() }) },
      },
      config: { public: true, csrf: true, ...limited },
    },
    async (request, reply) => {
      const result = await login(db, cipher, { ...request.body, ip: request.ip, userAgent: request.headers['user-agent'] ?? null }, now());
      setCookie(reply, result.token);
      return { userId: result.userId, activePracticeId: result.session.activePracticeId, mfaVerified: result.session.mfaVerified };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['identity'], summary: 'End this session' }, config: { allowWithoutMfa: true } },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeSession(db, actor.sessionId, 'logout', now());
      await recordAuthEvent(db, actor, 'logout', 'success', { type: 'session', id: actor.sessionId });
      reply.clearCookie(deps.cookie.name, sessionCookieOptions(deps.cookie));
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/logout-all',
    { schema: { tags: ['identity'], summary: 'End every session of this account, this one included' }, config: { allowWithoutMfa: true } },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeUserSessions(db, actor.userId, 'logout_all', now());
      await recordAuthEvent(db, actor, 'session_revoke_all');
      reply.clearCookie(deps.cookie.name, sessionCookieOptions(deps.cookie));
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/session',
    { schema: { tags: ['identity'], summary: 'Who is signed in, the active practice and memberships', response: { 200: SessionView } }, config: { allowWithoutMfa: true } },
    async (request) => {
      const actor = requireActor(request);
      const user = await getUser(db, actor.userId);
      if (!user) throw new UnauthorizedProblem();
      const memberships = await listMemberships(db, actor.userId);
      const session = (await listLiveSessions(db, actor.userId, now())).find((s) => s.id === actor.sessionId);
      if (!session) throw new UnauthorizedProblem();
      return {
        user: { id: user.id, displayName: (await readDisplayName(db, cipher, user.id)) ?? '', isOperatorAdmin: user.isOperatorAdmin },
        session: { id: session.id, absoluteExpiresAt: session.absoluteExpiresAt.toISOString(), idleMinutes: session.idleMinutes },
        activePractice: actor.practiceId ? { id: actor.practiceId, role: actor.role } : null,
        memberships,
        mfa: { enrolled: await hasConfirmedTotp(db, actor.userId), required: mfaRequired(user, memberships), verifiedThisSession: session.mfaVerified },
      };
    },
  );

  app.post(
    '/api/session/practice',
    {
      schema: { tags: ['identity'], summary: 'Choose the active practice of this session', body: z.object({ practiceId: Uuid }), response: { 200: z.object({ practiceId: z.string(), role: z.string().nullable() }) } },
    },
    async (request) => {
      const actor = requireActor(request);
      const { practiceId } = request.body;
      const membership = (await listMemberships(db, actor.userId)).find((m) => m.practiceId === practiceId && m.status === 'active');
      if (membership) {
        await activatePractice(db, { id: actor.sessionId, userId: actor.userId }, practiceId, membership.role);
        return { practiceId, role: membership.role };
      }
      // An operator admin enters a practice only under an open break-glass there.
      if (actor.isOperatorAdmin && (await hasOpenBreakGlass(db, actor.userId, practiceId, now()))) {
        await activatePractice(db, { id: actor.sessionId, userId: actor.userId }, practiceId, 'operator_admin');
        return { practiceId, role: null };
      }
      throw new NotFoundProblem();
    },
  );

  const SessionItem = z.object({ id: z.string(), current: z.boolean(), createdAt: z.string(), lastUsedAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() });
  app.get(
    '/api/sessions',
    { schema: { tags: ['identity'], summary: 'Active sessions of this account (device, IP, last use)', response: { 200: z.object({ sessions: z.array(SessionItem) }) } } },
    async (request) => {
      const actor = requireActor(request);
      const sessions = await listLiveSessions(db, actor.userId, now());
      return {
        sessions: sessions.map((s) => ({
          id: s.id,
          current: s.id === actor.sessionId,
          createdAt: s.createdAt.toISOString(),
          lastUsedAt: s.lastUsedAt.toISOString(),
          ip: s.ip,
          userAgent: s.userAgent,
        })),
      };
    },
  );

  app.delete(
    '/api/sessions/:sessionId',
    { schema: { tags: ['identity'], summary: 'End one of this account\'s sessions', params: z.object({ sessionId: Uuid }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const own = (await listLiveSessions(db, actor.userId, now())).some((s) => s.id === request.params.sessionId);
      if (!own) throw new NotFoundProblem();
      await revokeSession(db, request.params.sessionId, 'ended_by_user', now());
      await recordAuthEvent(db, actor, 'session_revoke', 'success', { type: 'session', id: request.params.sessionId });
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['identity'],
        summary: 'Change the password (current password and TOTP code required); other sessions end',
        body: z.object({ currentPassword: AnyPassword, newPassword: NewPassword, code: TotpCode.optional() }),
      },
      config: limited,
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const at = now();
      await reauthenticate(db, cipher, actor.userId, request.body.currentPassword, request.body.code, at);
      const memberships = await listMemberships(db, actor.userId);
      enforcePasswordPolicy(
        request.body.newPassword,
        {
          profile: deps.passwordProfile,
          hasMfa: await hasConfirmedTotp(db, actor.userId),
          email: await readUserEmail(db, cipher, actor.userId),
          displayName: await readDisplayName(db, cipher, actor.userId),
          practiceName: memberships.find((m) => m.practiceId === actor.practiceId)?.practiceName ?? null,
        },
        'body/newPassword',
      );
      await setPasswordHash(db, actor.userId, await hashPassword(request.body.newPassword), at);
      const ended = await revokeUserSessions(db, actor.userId, 'password_change', at, actor.sessionId);
      await recordAuthEvent(db, actor, 'password_change');
      if (ended > 0) await recordAuthEvent(db, actor, 'session_revoke_all');
      return reply.code(204).send();
    },
  );

  await app.register(mfaRoutes, deps);
};

