import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/database.js';
import { sessionCookieSettings } from '../../platform/auth/cookie.js';
import { registerAuth } from '../../platform/auth/plugin.js';
import { adminRoutes } from '../admin/routes.js';
import { memberRoutes } from '../members/routes.js';
import { accountRoutes } from './routes.js';

export const DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE = 30;

/**
 * Identity and access: the authentication/authorization hooks (on the root instance, so they cover
 * every route registered anywhere) and the account, membership and admin routes.
 */
export async function registerIdentity(app: FastifyInstance, deps: { config: Config; db: Database; now?: () => Date; authRateLimitPerMinute?: number }): Promise<void> {
  const now = deps.now ?? ((): Date => new Date());
  const cookie = sessionCookieSettings(deps.config.tls !== null || deps.config.tlsTerminatedByProxy);
  const authRateLimitPerMinute = deps.authRateLimitPerMinute ?? DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE;
  await registerAuth(app, {
    db: deps.db,
    now,
    cookie,
    allowedOrigins: deps.config.corsOrigins,
    publicUrl: deps.config.publicUrl,
    redisUrl: deps.config.redisUrl,
  });
  const runtime = { db: deps.db, now, cookie, passwordProfile: deps.config.passwordProfile, authRateLimitPerMinute };
  await app.register(accountRoutes, runtime);
  await app.register(memberRoutes, runtime);
  await app.register(adminRoutes, runtime);
}
