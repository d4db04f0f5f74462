import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { asDate } from '../../platform/auth/time.js';
import type { Database } from '../../platform/db/database.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import type { PracticeContext } from '../../platform/db/practice-tx.js';
import { appendAuditEvents } from '../../platform/audit/record.js';
import { enforcePasswordPolicy } from '../../platform/auth/password-problem.js';
import type { PasswordProfile } from '../../platform/auth/password-policy.js';
import { hashPassword, verifyPassword } from '../../platform/auth/password-hash.js';
import type { PracticeRole } from '../../platform/auth/permissions.js';
import { WORKFORCE_ROLES } from '../../platform/auth/permissions.js';
import { enterPractice } from '../../platform/auth/practice-switch.js';
import { hashToken, newOpaqueToken } from '../../platform/auth/tokens.js';
import { emailStoredValue, findUserIdByEmail } from '../../platform/auth/user-email.js';
import { createUser, getUser } from '../../platform/auth/users.js';
import type { AppCiphers } from '../../platform/crypto/app-ciphers.js';
import { NormalisationError } from '../../platform/crypto/errors.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import { ConflictProblem, HttpProblem, NotFoundProblem } from '../../platform/http/problem.js';

export const INVITATION_TTL_MS = 72 * 3600_000;

export class InvitationInvalidProblem extends HttpProblem {
  constructor() {
    super(410, 'invitation-invalid', 'Invitation not valid', 'This invitation link is unknown, expired or already used. Ask the practice for a new one.');
  }
}

export class InvitationMailProblem extends HttpProblem {
  constructor() {
    super(502, 'invitation-mail-failed', 'Invitation not mailed', 'The invitation was created but its mail could not be sent. Withdraw it and invite again, or pass on the link yourself.');
  }
}

/** Mails an invitation link to the invited address (src/platform/mail/identity-mail.ts when SMTP is configured). */
export type InvitationDelivery = (message: { email: string; token: string; expiresAt: Date }) => Promise<void>;

/**
 * invitations.email and .email_bidx are sealed with the PRACTICE's keys, not the installation's: an
 * invitation is practice data (crypto-shredding the practice destroys it too), and it is never read
 * before its practice is known: acceptance finds the practice from the token hash first
 * (confidant_invitation_practice) and then reads the invitation in that practice's transaction.
 */
const invitationEmailRef = (practiceId: string, id: string): { table: string; column: string; rowId: string; practiceId: string } => ({
  table: 'invitations',
  column: 'email',
  rowId: id,
  practiceId,
});

async function invitationEmailIndex(tx: PracticeTx, cipher: FieldCipher, email: string): Promise<string | null> {
  try {
    return await cipher.blindIndex(tx, 'email', email);
  } catch (err) {
    if (err instanceof NormalisationError) return null;
    throw err;
  }
}

/**
 * A single-use invitation link token (only its hash is stored), valid 72 hours by default. With a
 * mailer the link is mailed to the invited address after the invitation commits; the token is
 * returned to the inviter either way (as before mail existed), who may pass the link on.
 */
export async function createInvitation(
  db: Database,
  ciphers: Pick<AppCiphers, 'practice'>,
  ctx: PracticeContext & { userId: string },
  input: { email: string; role: PracticeRole },
  now: Date,
  deliver: InvitationDelivery | null = null,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newOpaqueToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const id = await withPracticeTx(db, ctx, async (tx) => {
    const invitationId = randomUUID();
    const bidx = await ciphers.practice.blindIndex(tx, 'email', input.email);
    const email = await ciphers.practice.encrypt(tx, invitationEmailRef(ctx.practiceId, invitationId), emailStoredValue(input.email));
    const [row] = await tx.rows<{ id: string }>(sql`insert into invitations (practice_id, id, email_bidx, email, role, token_hash, invited_by, created_at, expires_at)
      values (${ctx.practiceId}, ${invitationId}, ${bidx}, ${email}, ${input.role}, ${hashToken(token)}, ${ctx.userId},
              ${now.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz) returning id`);
    if (!row) throw new Error('invitation not created');
    tx.audit({ action: 'invite', resourceType: 'invitation', resourceId: row.id });
    return row.id;
  });
  if (deliver) {
    try {
      await deliver({ email: emailStoredValue(input.email), token, expiresAt });
    } catch {
      throw new InvitationMailProblem();
    }
  }
  return { id, token, expiresAt };
}

interface InvitationRow {
  id: string;
  practice_id: string;
  email_bidx: string;
  role: PracticeRole;
  expires_at: Date | string;
  accepted_at: Date | string | null;
  revoked_at: Date | string | null;
}

export interface AcceptInput {
  token: string;
  email: string;
  displayName: string;
  password: string;
}

/**
 * Accepts an invitation: creates the account (or, for an existing account, checks its password) and
 * the membership, in one transaction with the invitation's single use. The email must be the one
 * invited. Workforce roles then have to enrol MFA before anything else (the auth plugin enforces it).
 */
export async function acceptInvitation(
  db: Database,
  ciphers: Pick<AppCiphers, 'practice' | 'installation'>,
  input: AcceptInput,
  opts: { now: Date; profile: PasswordProfile },
): Promise<{ userId: string; practiceId: string; role: PracticeRole }> {
  const hash = hashToken(input.token);
  const [found] = await db.rows<{ p: string | null }>(sql`select confidant_invitation_practice(${hash}) as p`);
  const practiceId = found?.p;
  if (!practiceId) throw new InvitationInvalidProblem();
  const invitation = await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, async (tx) => {
    const [row] = await tx.rows<InvitationRow & { practice_name: string }>(sql`select i.*, p.name as practice_name from invitations i
      join practices p on p.id = i.practice_id where i.token_hash = ${hash}`);
    // The link is bound to the invited address (compared by blind index, under the practice's key).
    return row ? { ...row, sameEmail: (await invitationEmailIndex(tx, ciphers.practice, input.email)) === row.email_bidx } : undefined;
  });
  if (!invitation || invitation.accepted_at || invitation.revoked_at || asDate(invitation.expires_at).getTime() <= opts.now.getTime()) throw new InvitationInvalidProblem();
  // A different email gets the same answer as a bad link.
  if (!invitation.sameEmail) throw new InvitationInvalidProblem();

  const existingId = await findUserIdByEmail(db, ciphers.installation, input.email);
  let passwordHash: string | null = null;
  if (existingId) {
    const existing = await getUser(db, existingId);
    if (!existing?.passwordHash || !(await verifyPassword(existing.passwordHash, input.password))) {
      throw new ConflictProblem('An account with this email exists: enter its current password to join the practice.', 'account-exists');
    }
  } else {
    const hasMfa = WORKFORCE_ROLES.includes(invitation.role);
    enforcePasswordPolicy(input.password, { profile: opts.profile, hasMfa, email: input.email, displayName: input.displayName, practiceName: invitation.practice_name });
    passwordHash = await hashPassword(input.password);
  }

  return db.transaction(async (tx) => {
    const userId = existingId ?? (await createUser(tx, ciphers.installation, { email: input.email, displayName: input.displayName, passwordHash: passwordHash ?? '', isOperatorAdmin: false, now: opts.now }));
    await enterPractice(tx, { practiceId, userId, role: invitation.role });
    const used = await tx.rows(sql`update invitations set accepted_at = ${opts.now.toISOString()}::timestamptz, accepted_user_id = ${userId}
      where id = ${invitation.id} and accepted_at is null and revoked_at is null and expires_at > ${opts.now.toISOString()}::timestamptz returning id`);
    if (used.length !== 1) throw new InvitationInvalidProblem();
    const existingMembership = await tx.rows(sql`select 1 from memberships where user_id = ${userId}`);
    if (existingMembership.length > 0) throw new ConflictProblem('This account is already a member of the practice.', 'already-member');
    await tx.rows(sql`insert into memberships (practice_id, user_id, role) values (${practiceId}, ${userId}, ${invitation.role})`);
    await appendAuditEvents(tx, { practiceId, userId, role: invitation.role }, [
      { action: 'accept_invitation', resourceType: 'invitation', resourceId: invitation.id },
      { action: 'create', resourceType: 'membership', resourceId: userId },
    ]);
    return { userId, practiceId, role: invitation.role };
  });
}

export interface InvitationSummary {
  id: string;
  role: PracticeRole;
  createdAt: Date;
  expiresAt: Date;
  state: 'pending' | 'accepted' | 'expired' | 'revoked';
}

/** Invitations of the practice; no token or email is shown back (the token is stored only as its hash). */
export async function listInvitations(db: Database, ctx: PracticeContext, now: Date): Promise<InvitationSummary[]> {
  return withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows<{ id: string; role: PracticeRole; created_at: Date | string; expires_at: Date | string; accepted_at: Date | string | null; revoked_at: Date | string | null }>(
      sql`select id, role, created_at, expires_at, accepted_at, revoked_at from invitations order by created_at desc limit 500`,
    );
    tx.audit({ action: 'read', resourceType: 'invitation' });
    return rows.map((r) => {
      const expiresAt = asDate(r.expires_at);
      const state = r.accepted_at ? 'accepted' : r.revoked_at ? 'revoked' : expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
      return { id: r.id, role: r.role, createdAt: asDate(r.created_at), expiresAt, state };
    });
  });
}

/** Withdraws a pending invitation; its link stops working at once. */
export async function revokeInvitation(db: Database, ctx: PracticeContext, invitationId: string, now: Date): Promise<void> {
  await withPracticeTx(db, ctx, async (tx) => {
    const rows = await tx.rows(sql`update invitations set revoked_at = ${now.toISOString()}::timestamptz
      where id = ${invitationId} and accepted_at is null and revoked_at is null returning id`);
    if (rows.length === 0) throw new NotFoundProblem();
    tx.audit({ action: 'revoke_invitation', resourceType: 'invitation', resourceId: invitationId });
  });
}
