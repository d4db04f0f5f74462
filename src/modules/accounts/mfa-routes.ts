import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordAuthEvent } from '../../platform/auth/auth-audit.js';
import { beginTotpEnrolment, confirmTotpEnrolment, hasConfirmedTotp, replaceRecoveryCodes } from '../../platform/auth/mfa.js';
import { authRateLimit, requireActor } from '../../platform/auth/plugin.js';
import { markMfaVerified, revokeUserSessions } from '../../platform/auth/sessions.js';
import { totpUri } from '../../platform/auth/totp.js';
import { HttpProblem } from '../../platform/http/problem.js';
import type { AccountsDeps } from './deps.js';
import { reauthenticate } from './reauthenticate.js';
import { AnyPassword, TotpCode } from './schemas.js';

class InvalidEnrolmentCodeProblem extends HttpProblem {
  constructor() {
    super(400, 'invalid-mfa-code', 'Code not accepted', 'The code does not match the new authenticator entry, or was already used. Check the device clock and try the next code.');
  }
}

/** TOTP enrolment (URI + QR payload, confirmed by a first code) and recovery codes. */
export const mfaRoutes: FastifyPluginAsyncZod<AccountsDeps> = async (app, deps) => {
  const { db, now } = deps;
  const cipher = deps.ciphers.installation;
  const limited = authRateLimit(deps.authRateLimitPerMinute);

  app.post(
    '/api/auth/mfa/totp/enrol',
    {
      schema: {
        tags: ['identity'],
        summary: 'Start TOTP enrolment: returns the otpauth:// URI (QR payload); a replacement needs a current code',
        body: z.object({ currentPassword: AnyPassword, code: TotpCode.optional() }),
        response: { 200: z.object({ otpauthUri: z.string(), secret: z.string(), qrData: z.string() }) },
      },
      config: { allowWithoutMfa: true, ...limited },
    },
    async (request) => {
      const actor = requireActor(request);
      await reauthenticate(db, cipher, actor.userId, request.body.currentPassword, request.body.code, now());
      const secret = await beginTotpEnrolment(db, cipher, actor.userId);
      const uri = totpUri(secret, `account-${actor.userId.slice(0, 8)}`);
      await recordAuthEvent(db, actor, 'mfa_enrol_started');
      return { otpauthUri: uri, secret, qrData: uri };
    },
  );

  app.post(
    '/api/auth/mfa/totp/confirm',
    {
      schema: {
        tags: ['identity'],
        summary: 'Confirm TOTP enrolment with a first code; returns 10 single-use recovery codes (shown once)',
        body: z.object({ code: TotpCode }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
      config: { allowWithoutMfa: true, ...limited },
    },
    async (request) => {
      const actor = requireActor(request);
      const at = now();
      const codes = await confirmTotpEnrolment(db, cipher, actor.userId, request.body.code, at);
      if (!codes) {
        await recordAuthEvent(db, actor, 'mfa_failed', 'denied');
        throw new InvalidEnrolmentCodeProblem();
      }
      await markMfaVerified(db, actor.sessionId);
      // A new authenticator replaces the old one: sessions opened with the old factor end.
      await revokeUserSessions(db, actor.userId, 'mfa_change', at, actor.sessionId);
      await recordAuthEvent(db, actor, 'mfa_enrolled');
      return { recoveryCodes: codes };
    },
  );

  app.post(
    '/api/auth/mfa/recovery-codes',
    {
      schema: {
        tags: ['identity'],
        summary: 'Replace the recovery codes (current password and TOTP code required)',
        body: z.object({ currentPassword: AnyPassword, code: TotpCode }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
      config: limited,
    },
    async (request) => {
      const actor = requireActor(request);
      if (!(await hasConfirmedTotp(db, actor.userId))) throw new HttpProblem(409, 'mfa-not-enrolled', 'Conflict', 'Enrol an authenticator first.');
      await reauthenticate(db, cipher, actor.userId, request.body.currentPassword, request.body.code, now());
      const codes = await replaceRecoveryCodes(db, actor.userId);
      await recordAuthEvent(db, actor, 'mfa_recovery_codes_replaced');
      return { recoveryCodes: codes };
    },
  );
};
