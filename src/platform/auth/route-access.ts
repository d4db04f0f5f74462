import type { Action, ResourceType } from './permissions.js';

/**
 * The contract every route follows to declare what it needs (in Fastify route `config`):
 *
 *   config: { public: true }                       reachable without a session (login, setup, health)
 *   config: {}                                     any signed-in user (the default: a session is required)
 *   config: { access: { action: 'read', resource: 'members' } }
 *   config: { access: { action: 'read', resource: 'client', phi: true } }   (client id from params.clientId)
 *   config: { allowWithoutMfa: true }              reachable while MFA enrolment is still owed
 *   config: { csrf: true }                         a public route that still needs the CSRF header (login)
 *
 * The authentication plugin reads this: with `access`, it builds the resource from the session's
 * active practice (and for client resources from the `clientId` route param, or `clientParam`),
 * calls `can()`, and answers 404 (outside the caller's reach) or 403 before the handler runs.
 * `phi: true` marks a route that reads or writes PHI: the route-table test then checks that operator
 * admins, researchers and members of another practice are refused. Nothing is decided in the web app.
 */
export interface RouteAccess {
  action: Action;
  resource: ResourceType;
  phi?: boolean;
  clientParam?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    allowWithoutMfa?: boolean;
    csrf?: boolean;
  }
}
