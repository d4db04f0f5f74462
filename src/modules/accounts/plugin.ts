import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db/database.js';
import { sessionCookieSettings } from '../../platform/auth/cookie.js';
import { registerAuth } from '../../platform/auth/plugin.js';
import { adminRoutes } from '../admin/routes.js';
import { memberRoutes } from '../members/routes.js';
import { accountRoutes } from './routes.js';
import { passwordResetRoutes } from './password-reset-routes.js';
import type { PasswordResetDelivery } from '../../platform/auth/password-reset.js';
import type { AppCiphers } from '../../platform/crypto/app-ciphers.js';
import type { InvitationDelivery } from '../members/invitations.js';
import { practiceSettingsRoutes } from '../practices/routes.js';

export const DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE = 30;

export interface IdentityDeps {
  config: Config;
  db: Database;
  now?: () => Date;
  authRateLimitPerMinute?: number;
  /** Delivers password reset links; without it a reset request is answered but sends nothing. */
  deliverPasswordReset?: PasswordResetDelivery;
  /** Mails invitation links; without it the inviter passes on the link the API returns. */
  deliverInvitation?: InvitationDelivery;
}

function runtime(
  app: FastifyInstance,
  deps: IdentityDeps,
): {
  db: Database;
  ciphers: AppCiphers;
  now: () => Date;
  cookie: ReturnType<typeof sessionCookieSettings>;
  passwordProfile: Config['passwordProfile'];
  authRateLimitPerMinute: number;
} {
  return {
    db: deps.db,
    ciphers: app.ciphers,
    now: deps.now ?? ((): Date => new Date()),
    cookie: sessionCookieSettings(deps.config.tls !== null || deps.config.tlsTerminatedByProxy),
    passwordProfile: deps.config.passwordProfile,
    authRateLimitPerMinute: deps.authRateLimitPerMinute ?? DEFAULT_AUTH_RATE_LIMIT_PER_MINUTE,
  };
}

/**
 * The authentication/authorization hooks, on the root instance and before any route, so they cover
 * every route registered anywhere (and the route table lists them all).
 */
export async function registerAuthentication(app: FastifyInstance, deps: IdentityDeps): Promise<void> {
  const r = runtime(app, deps);
  await registerAuth(app, { db: r.db, ciphers: r.ciphers, now: r.now, cookie: r.cookie, allowedOrigins: deps.config.corsOrigins, publicUrl: deps.config.publicUrl, redisUrl: deps.config.redisUrl });
}

/** Account, membership and admin routes. */
export async function registerIdentityRoutes(app: FastifyInstance, deps: IdentityDeps): Promise<void> {
  const r = runtime(app, deps);
  const deliverInvitation = deps.deliverInvitation ?? null;
  await app.register(accountRoutes, r);
  await app.register(memberRoutes, { ...r, deliverInvitation });
  await app.register(adminRoutes, { ...r, deliverInvitation });
  await app.register(practiceSettingsRoutes, r);
  await app.register(passwordResetRoutes, { ...r, deliver: deps.deliverPasswordReset ?? null });
}
