import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Database } from '../db/database.js';
import type { AppCiphers } from '../crypto/app-ciphers.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { INSTALLATION_STREAM_ID } from '../db/roles.js';
import { recordAuditEvents } from '../audit/record.js';
import { ForbiddenProblem, NotFoundProblem, TooManyRequestsProblem, UnauthorizedProblem } from '../http/problem.js';
import { currentRequestContext } from '../http/request-context.js';
import { loadClientFacts, practiceOfClient } from './client-access.js';
import type { SessionCookieSettings } from './cookie.js';
import { sessionCookieOptions } from './cookie.js';
import { csrfFailure, isStateChanging } from './csrf.js';
import { mfaRequired } from './mfa-rule.js';
import type { Actor, Decision, Resource } from './permissions.js';
import { can } from './permissions.js';
import type { RouteAccess } from './route-access.js';
import { resumeSession } from './sessions.js';
import { getUser, listMemberships } from './users.js';
import './route-access.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null on public routes. */
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route registered after the auth plugin, with its config: what the route-table test walks. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  config: FastifyContextConfig;
  hasBody: boolean;
  hasParams: boolean;
}

export interface AuthRuntime {
  db: Database;
  now: () => Date;
  cookie: SessionCookieSettings;
  /** Field ciphers: accounts' emails, names and TOTP secrets are sealed with the installation keys. */
  ciphers: AppCiphers;
}

export interface AuthPluginOptions extends AuthRuntime {
  allowedOrigins: string[];
  publicUrl: string | null;
  redisUrl: string | null;
  /** Per-IP limit on authentication routes (requests per minute). */
  authRateLimitPerMinute?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rate limit for the authentication routes, to spread in their `config`. */
export function authRateLimit(max: number): { rateLimit: { max: number; timeWindow: number } } {
  return { rateLimit: { max, timeWindow: 60_000 } };
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedProblem();
  return request.actor;
}

/**
 * Authentication and authorization for every route, registered on the root instance before any
 * module: a route is public only when it says `config.public`; everything else needs a live session
 * (401 otherwise), owed MFA enrolment first, and whatever its `config.access` declares.
 */
export async function registerAuth(app: FastifyInstance, opts: AuthPluginOptions): Promise<void> {
  const { db, now } = opts;
  await app.register(cookie);
  const redis = opts.redisUrl ? new Redis(opts.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 }) : null;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'confidant-rl-' } : {}),
    errorResponseBuilder: (_req, ctx) => new TooManyRequestsProblem(Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });
  app.decorateRequest('actor', null);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const schema = route.schema as { body?: unknown; params?: unknown } | undefined;
      routeTable.push({ method, url: route.url, config: (route.config ?? {}) as FastifyContextConfig, hasBody: Boolean(schema?.body), hasParams: Boolean(schema?.params) });
    }
  });
  const allowed = new Set(opts.allowedOrigins);
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;

  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config;
    const token = request.cookies[opts.cookie.name];
    if ((token || config.csrf) && isStateChanging(request.method)) {
      const failure = csrfFailure(request.headers, allowed, publicOrigin ?? `${request.protocol}://${request.host}`);
      if (failure) throw new ForbiddenProblem(failure, 'csrf');
    }
    // Unknown paths and methods reach the 404/405 handler: there is nothing behind them to protect.
    if (config.public || request.is404) return;
    if (!token) throw new UnauthorizedProblem();
    const session = await resumeSession(db, token, now());
    if (!session) {
      reply.clearCookie(opts.cookie.name, sessionCookieOptions(opts.cookie));
      throw new UnauthorizedProblem('Your session has ended; sign in again.');
    }
    const user = await getUser(db, session.userId);
    if (!user || user.status !== 'active') throw new UnauthorizedProblem();
    const memberships = await listMemberships(db, user.id);
    const active = memberships.find((m) => m.practiceId === session.activePracticeId && m.status === 'active');
    const actor: Actor = {
      userId: user.id,
      sessionId: session.id,
      isOperatorAdmin: user.isOperatorAdmin,
      practiceId: active ? active.practiceId : user.isOperatorAdmin ? session.activePracticeId : null,
      role: active?.role ?? null,
    };
    request.actor = actor;
    const rc = currentRequestContext();
    if (rc) {
      rc.userId = actor.userId;
      rc.sessionId = actor.sessionId;
      rc.role = actor.role ?? (actor.isOperatorAdmin ? 'operator_admin' : null);
      rc.practiceId = actor.practiceId;
    }
    if (!session.mfaVerified && !config.allowWithoutMfa && mfaRequired(user, memberships)) {
      throw new ForbiddenProblem('Set up two-factor authentication before anything else: POST /api/auth/mfa/totp/enrol.', 'mfa-enrolment-required');
    }
  });

  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (!access || !request.actor) return;
    const decision = await decide(db, request, request.actor, access, now());
    if (decision.allowed) return;
    // Every refusal is recorded (45 CFR 164.312(b)), in its own transaction since no work will run.
    await recordAuditEvents(db, { practiceId: request.actor.practiceId ?? INSTALLATION_STREAM_ID }, [
      { action: access.action === 'read' ? 'read' : access.action, resourceType: access.resource, outcome: 'denied', resourceId: clientIdOf(request, access) },
    ]);
    throw decision.reason === 'not_found' ? new NotFoundProblem() : new ForbiddenProblem();
  });
}

function clientIdOf(request: FastifyRequest, access: RouteAccess): string | null {
  const value = (request.params as Record<string, unknown> | undefined)?.[access.clientParam ?? 'clientId'];
  return typeof value === 'string' && UUID.test(value) ? value : null;
}

async function decide(db: Database, request: FastifyRequest, actor: Actor, access: RouteAccess, at: Date): Promise<Decision> {
  const practiceId = actor.practiceId ?? '';
  let resource: Resource;
  switch (access.resource) {
    case 'client':
    case 'client_demographics':
    case 'assessment_entry': {
      const clientId = clientIdOf(request, access);
      if (!clientId || !actor.practiceId) return { allowed: false, reason: 'not_found' };
      const facts = await withPracticeTx(db, { practiceId, userId: actor.userId, role: actor.role ?? 'operator_admin', sessionId: actor.sessionId }, (tx) =>
        loadClientFacts(tx, actor, clientId, at),
      );
      const withoutBreakGlass = { type: access.resource, practiceId, clientId, ...facts, breakGlass: false };
      resource = { ...withoutBreakGlass, breakGlass: facts.breakGlass };
      // Reached only through break-glass: every event this request records about the client carries
      // purpose `emergency`, whatever the module would say (the break-glass report relies on it).
      if (facts.breakGlass && can(actor, access.action, resource).allowed && !can(actor, access.action, withoutBreakGlass).allowed) {
        const rc = currentRequestContext();
        if (rc) rc.emergencyClientId = clientId;
      }
      break;
    }
    case 'client_access':
    case 'break_glass': {
      const clientId = clientIdOf(request, access);
      if (!clientId) return { allowed: false, reason: 'not_found' };
      const holder = await practiceOfClient(db, clientId);
      const heldBy = holder === null ? 'none' : holder === actor.practiceId ? 'this_practice' : 'another_practice';
      resource = access.resource === 'client_access' ? { type: 'client_access', practiceId, clientId, heldBy } : { type: 'break_glass', practiceId, clientId, inPractice: heldBy === 'this_practice' };
      break;
    }
    case 'installation':
      resource = { type: 'installation' };
      break;
    default:
      resource = { type: access.resource, practiceId };
  }
  return can(actor, access.action, resource);
}
