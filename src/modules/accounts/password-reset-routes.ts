import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAuthEvent } from '../../platform/auth/auth-audit.js';
import { clearFailures } from '../../platform/auth/lockout.js';
import { hasConfirmedTotp, verifySecondFactor } from '../../platform/auth/mfa.js';
import { mfaRequired } from '../../platform/auth/mfa-rule.js';
import { hashPassword } from '../../platform/auth/password-hash.js';
import { enforcePasswordPolicy } from '../../platform/auth/password-problem.js';
import type { PasswordResetDelivery } from '../../platform/auth/password-reset.js';
import { consumeResetToken, issueResetToken, peekResetToken } from '../../platform/auth/password-reset.js';
import { authRateLimit } from '../../platform/auth/plugin.js';
import { revokeUserSessions } from '../../platform/auth/sessions.js';
import { findUserIdByEmail, readUserEmail } from '../../platform/auth/user-email.js';
import { getUser, listMemberships, readDisplayName, setPasswordHash } from '../../platform/auth/users.js';
import { ForbiddenProblem, HttpProblem } from '../../platform/http/problem.js';
import type { AccountsDeps } from './deps.js';
import { Email, NewPassword, RecoveryCode, TotpCode } from './schemas.js';

class ResetTokenInvalidProblem extends HttpProblem {
  constructor() {
    super(410, 'reset-token-invalid', 'Reset link not valid', 'This reset link is unknown, expired or already used. Ask for a new one.');
  }
}

/**
 * Password reset by a single-use token (30 minutes). The request answers 202 whether or not the
 * email belongs to an account; the token reaches the user only through `deliver` (the mailer of the
 * notifications module). A reset does not bypass MFA: an enrolled user also gives a code.
 */
export const passwordResetRoutes: FastifyPluginAsyncZod<AccountsDeps & { deliver: PasswordResetDelivery | null }> = async (app, deps) => {
  const { db, now } = deps;
  const cipher = deps.ciphers.installation;
  // Deliveries run after the answer (see below); closing the app waits for them.
  const sending = new Set<Promise<void>>();
  app.addHook('onClose', async () => void (await Promise.all([...sending])));
  const limited = authRateLimit(deps.authRateLimitPerMinute);

  app.post(
    '/api/auth/password-reset/request',
    {
      schema: { tags: ['identity'], summary: 'Ask for a password reset link (the answer never says whether the email exists)', body: z.object({ email: Email }), response: { 202: z.object({ status: z.literal('accepted') }) } },
      config: { public: true, csrf: true, ...limited },
    },
    async (request, reply) => {
      const userId = await findUserIdByEmail(db, cipher, request.body.email);
      const user = userId ? await getUser(db, userId) : null;
      const email = user ? await readUserEmail(db, cipher, user.id) : null;
      if (user && email && user.status === 'active' && deps.deliver) {
        const { token, expiresAt } = await issueResetToken(db, user.id, now());
        // To the address on the account (the typed one matched it by blind index, but may differ in case).
        // Not awaited: the answer must not take longer, or fail, for an existing account than for an
        // unknown email, or its timing would say which addresses have accounts.
        const sent = deps
          .deliver({ userId: user.id, email, token, expiresAt })
          .catch((err: unknown) => request.log.error({ err: { type: (err as Error)?.name, code: (err as { code?: string })?.code } }, 'password reset delivery failed'))
          .finally(() => sending.delete(sent));
        sending.add(sent);
        await recordAuthEvent(db, { userId: user.id }, 'password_reset_requested');
      }
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post(
    '/api/auth/password-reset/complete',
    {
      schema: {
        tags: ['identity'],
        summary: 'Set a new password with a reset token (and a TOTP or recovery code when enrolled); every session ends',
        body: z.object({ token: z.string().min(20).max(200), newPassword: NewPassword, code: TotpCode.optional(), recoveryCode: RecoveryCode.optional() }),
      },
      config: { public: true, csrf: true, ...limited },
    },
    async (request, reply) => {
      const at = now();
      const userId = await peekResetToken(db, request.body.token, at);
      const user = userId ? await getUser(db, userId) : null;
      if (!user || user.status !== 'active') throw new ResetTokenInvalidProblem();
      const memberships = await listMemberships(db, user.id);
      const totp = await hasConfirmedTotp(db, user.id);
      enforcePasswordPolicy(
        request.body.newPassword,
        { profile: deps.passwordProfile, hasMfa: totp || mfaRequired(user, memberships), email: await readUserEmail(db, cipher, user.id), displayName: await readDisplayName(db, cipher, user.id) },
        'body/newPassword',
      );
      if (totp) {
        const factor = request.body.code ? { code: request.body.code } : request.body.recoveryCode ? { recoveryCode: request.body.recoveryCode } : null;
        if (!factor || !(await verifySecondFactor(db, cipher, user.id, factor, at))) {
          await recordAuthEvent(db, { userId: user.id }, 'mfa_failed', 'denied');
          throw new ForbiddenProblem('Enter a current code from your authenticator app, or a recovery code.', 'mfa-required');
        }
      }
      if ((await consumeResetToken(db, request.body.token, at)) !== user.id) throw new ResetTokenInvalidProblem();
      await setPasswordHash(db, user.id, await hashPassword(request.body.newPassword), at);
      await clearFailures(db, user.id);
      await revokeUserSessions(db, user.id, 'password_reset', at);
      await recordAuthEvent(db, { userId: user.id }, 'password_reset');
      return reply.code(204).send();
    },
  );
};
