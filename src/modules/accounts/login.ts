import type { Database } from '../../platform/db/database.js';
import { recordAuthEvent } from '../../platform/auth/auth-audit.js';
import { clearFailures, isLocked, recordFailure } from '../../platform/auth/lockout.js';
import { hasConfirmedTotp, verifySecondFactor } from '../../platform/auth/mfa.js';
import { burnVerifyTime, hashPassword, needsRehash, verifyPassword } from '../../platform/auth/password-hash.js';
import { raiseSecurityEvent } from '../../platform/auth/security-events.js';
import type { SessionRecord } from '../../platform/auth/sessions.js';
import { createSession } from '../../platform/auth/sessions.js';
import { findUserIdByEmail } from '../../platform/auth/user-email.js';
import { getUser, listMemberships, setPasswordHash } from '../../platform/auth/users.js';
import type { InstallationFieldCipher } from '../../platform/crypto/installation-cipher.js';
import { HttpProblem, UnauthorizedProblem } from '../../platform/http/problem.js';
import { activatePractice } from './practice-selection.js';

/** The one answer to a wrong email, a wrong password, a deactivated or a locked account. */
export class InvalidCredentialsProblem extends UnauthorizedProblem {
  constructor() {
    super('The email or password is not correct.');
  }
}

export class MfaCodeRequiredProblem extends HttpProblem {
  constructor(detail = 'Enter the 6-digit code from your authenticator app, or a recovery code.') {
    super(401, 'mfa-required', 'Two-factor code required', detail);
  }
}

export interface LoginInput {
  email: string;
  password: string;
  code?: string;
  recoveryCode?: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LoginResult {
  token: string;
  session: SessionRecord;
  userId: string;
}

/** Counts a failure, locking the account at the threshold (audited and raised as a security event). */
async function fail(db: Database, userId: string, ip: string | null, now: Date, action: 'login_failed' | 'mfa_failed'): Promise<never> {
  const lockedNow = await recordFailure(db, userId, now);
  await recordAuthEvent(db, { userId }, action, 'denied');
  if (lockedNow) {
    await recordAuthEvent(db, { userId }, 'lockout', 'denied');
    const practiceIds = (await listMemberships(db, userId)).map((m) => m.practiceId);
    await raiseSecurityEvent(db, { kind: 'account_locked', userId, sourceIp: ip, detail: 'Account locked after repeated failed sign-ins.', now, practiceIds });
  }
  throw action === 'login_failed' ? new InvalidCredentialsProblem() : new MfaCodeRequiredProblem('The two-factor code is not correct.');
}

/** `cipher` is the installation cipher: the email is found by its blind index, the TOTP secret decrypted. */
export async function login(db: Database, cipher: InstallationFieldCipher, input: LoginInput, now: Date): Promise<LoginResult> {
  const userId = await findUserIdByEmail(db, cipher, input.email);
  const user = userId ? await getUser(db, userId) : null;
  if (!user || !user.passwordHash || user.status !== 'active') {
    await burnVerifyTime(input.password);
    await recordAuthEvent(db, { userId: user?.id ?? null }, 'login_failed', 'denied');
    throw new InvalidCredentialsProblem();
  }
  const passwordOk = await verifyPassword(user.passwordHash, input.password);
  if (await isLocked(db, user.id, now)) {
    await recordAuthEvent(db, { userId: user.id }, 'login_failed', 'denied', { type: 'account', id: user.id });
    throw new InvalidCredentialsProblem();
  }
  if (!passwordOk) return fail(db, user.id, input.ip, now, 'login_failed');
  if (needsRehash(user.passwordHash)) await setPasswordHash(db, user.id, await hashPassword(input.password), now);

  const totp = await hasConfirmedTotp(db, user.id);
  if (totp) {
    if (!input.code && !input.recoveryCode) throw new MfaCodeRequiredProblem();
    const factor = input.code ? { code: input.code } : { recoveryCode: input.recoveryCode ?? '' };
    const used = await verifySecondFactor(db, cipher, user.id, factor, now);
    if (!used) return fail(db, user.id, input.ip, now, 'mfa_failed');
    await recordAuthEvent(db, { userId: user.id }, used === 'totp' ? 'mfa_verified' : 'mfa_recovery_code_used');
  }
  await clearFailures(db, user.id);
  const { token, session } = await createSession(db, { userId: user.id, mfaVerified: totp, ip: input.ip, userAgent: input.userAgent, now });
  await recordAuthEvent(db, { userId: user.id, sessionId: session.id }, 'login');

  // One active membership: it becomes the active practice straight away.
  const active = (await listMemberships(db, user.id)).filter((m) => m.status === 'active');
  if (active.length === 1 && active[0]) {
    await activatePractice(db, { id: session.id, userId: user.id }, active[0].practiceId, active[0].role);
    session.activePracticeId = active[0].practiceId;
  }
  return { token, session, userId: user.id };
}
