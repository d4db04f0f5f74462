import type { Database } from '../../platform/db/database.js';
import { recordAuthEvent } from '../../platform/auth/auth-audit.js';
import { hasConfirmedTotp, verifySecondFactor } from '../../platform/auth/mfa.js';
import { verifyPassword } from '../../platform/auth/password-hash.js';
import { getUser } from '../../platform/auth/users.js';
import type { InstallationFieldCipher } from '../../platform/crypto/installation-cipher.js';
import { ForbiddenProblem } from '../../platform/http/problem.js';

/** Re-authentication for sensitive changes: the current password, plus a TOTP code when enrolled. */
export async function reauthenticate(db: Database, cipher: InstallationFieldCipher, userId: string, password: string, code: string | undefined, now: Date): Promise<void> {
  const user = await getUser(db, userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    await recordAuthEvent(db, { userId }, 'reauth_failed', 'denied');
    throw new ForbiddenProblem('The current password is not correct.', 'reauthentication-failed');
  }
  if (await hasConfirmedTotp(db, userId)) {
    if (!code || !(await verifySecondFactor(db, cipher, userId, { code }, now))) {
      await recordAuthEvent(db, { userId }, 'reauth_failed', 'denied');
      throw new ForbiddenProblem('Enter a current, unused code from your authenticator app.', 'reauthentication-failed');
    }
  }
}

