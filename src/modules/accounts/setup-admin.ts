import type { Database } from '../../platform/db/database.js';
import { INSTALLATION_STREAM_ID } from '../../platform/db/roles.js';
import { appendAuditEvents } from '../../platform/audit/record.js';
import { hashPassword } from '../../platform/auth/password-hash.js';
import { enforcePasswordPolicy } from '../../platform/auth/password-problem.js';
import type { PasswordProfile } from '../../platform/auth/password-policy.js';
import { createUser } from '../../platform/auth/users.js';
import type { InstallationFieldCipher } from '../../platform/crypto/installation-cipher.js';
import { HttpProblem } from '../../platform/http/problem.js';
import { consumeSetupToken } from '../../platform/setup/first-start.js';
import { sql } from 'drizzle-orm';

export class SetupTokenProblem extends HttpProblem {
  constructor() {
    super(403, 'setup-token-invalid', 'Setup token not accepted', 'The setup token is unknown, expired or already used. Restart Confidant to print a new one while no admin exists.');
  }
}

export interface SetupAdminInput {
  setupToken: string;
  email: string;
  displayName: string;
  password: string;
}

/**
 * Creates the first operator admin with the one-time setup token printed at first start. Token use,
 * account creation and audit event are one transaction: a refused password leaves the token usable.
 */
export async function setupOperatorAdmin(db: Database, cipher: InstallationFieldCipher, input: SetupAdminInput, opts: { now: Date; profile: PasswordProfile }): Promise<{ userId: string }> {
  // Operator admins must enrol MFA before any access, so the MFA length rule applies.
  enforcePasswordPolicy(input.password, { profile: opts.profile, hasMfa: true, email: input.email, displayName: input.displayName });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    if (!(await consumeSetupToken(tx, input.setupToken, opts.now))) throw new SetupTokenProblem();
    const userId = await createUser(tx, cipher, { email: input.email, displayName: input.displayName, passwordHash, isOperatorAdmin: true, now: opts.now });
    await tx.rows(sql`select set_config('app.practice_id', ${INSTALLATION_STREAM_ID}, true)`);
    await appendAuditEvents(tx, { practiceId: INSTALLATION_STREAM_ID, userId, role: 'operator_admin' }, [
      { action: 'setup_admin', resourceType: 'user', resourceId: userId },
    ]);
    return { userId };
  });
}
