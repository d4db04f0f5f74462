import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import type { InstallationFieldCipher } from '../crypto/installation-cipher.js';
import { hashRecoveryCode, matchTotpStep, newRecoveryCodes, newTotpSecret } from './totp.js';

type Runner = Pick<SqlRunner, 'rows'>;

/**
 * MFA state of a user. The TOTP secret is a credential: stored as ciphertext with the installation
 * data key (AAD user_totp/secret/<user id>), decrypted only to check a code. A code is accepted only
 * for a time step later than the last accepted one (no replay).
 */
export async function hasConfirmedTotp(db: Runner, userId: string): Promise<boolean> {
  const [row] = await db.rows<{ ok: boolean }>(sql`select exists(select 1 from user_totp where user_id = ${userId} and confirmed_at is not null) as ok`);
  return row?.ok ?? false;
}

/** Starts (or restarts) enrolment; a confirmed TOTP is replaced only through this after re-authentication. */
const secretRef = (userId: string): { table: string; column: string; rowId: string } => ({ table: 'user_totp', column: 'secret', rowId: userId });

export async function beginTotpEnrolment(db: SqlRunner, cipher: InstallationFieldCipher, userId: string): Promise<string> {
  const secret = newTotpSecret();
  const sealed = await cipher.encrypt(db, secretRef(userId), secret);
  await db.rows(sql`insert into user_totp (user_id, secret) values (${userId}, ${sealed})
    on conflict (user_id) do update set secret = excluded.secret, confirmed_at = null, last_step = 0, created_at = now()`);
  return secret;
}

async function acceptTotpCode(db: SqlRunner, cipher: InstallationFieldCipher, userId: string, code: string, now: Date, confirmed: boolean): Promise<boolean> {
  const [row] = await db.rows<{ secret: string; last_step: number | string }>(sql`select secret, last_step from user_totp
    where user_id = ${userId} and (confirmed_at is not null) = ${confirmed}`);
  if (!row) return false;
  const step = matchTotpStep(await cipher.decrypt(db, secretRef(userId), row.secret), code, now);
  if (step === null || step <= Number(row.last_step)) return false;
  // Conditional update: two concurrent uses of one code cannot both win.
  const won = await db.rows(sql`update user_totp set last_step = ${step} where user_id = ${userId} and last_step < ${step} returning user_id`);
  return won.length === 1;
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once) or null. */
export async function confirmTotpEnrolment(db: SqlRunner, cipher: InstallationFieldCipher, userId: string, code: string, now: Date): Promise<string[] | null> {
  if (!(await acceptTotpCode(db, cipher, userId, code, now, false))) return null;
  await db.rows(sql`update user_totp set confirmed_at = ${now.toISOString()}::timestamptz where user_id = ${userId}`);
  return replaceRecoveryCodes(db, userId);
}

export async function replaceRecoveryCodes(db: Runner, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.rows(sql`delete from user_recovery_codes where user_id = ${userId}`);
  await db.rows(sql`insert into user_recovery_codes (user_id, code_hash) values
    ${sql.join(codes.map((c) => sql`(${userId}, ${hashRecoveryCode(c)})`), sql`, `)}`);
  return codes;
}

export type SecondFactor = { code: string } | { recoveryCode: string };

/** Checks a TOTP code or consumes a recovery code. */
export async function verifySecondFactor(db: SqlRunner, cipher: InstallationFieldCipher, userId: string, factor: SecondFactor, now: Date): Promise<'totp' | 'recovery_code' | null> {
  if ('code' in factor) return (await acceptTotpCode(db, cipher, userId, factor.code, now, true)) ? 'totp' : null;
  const used = await db.rows(sql`update user_recovery_codes set used_at = ${now.toISOString()}::timestamptz
    where user_id = ${userId} and code_hash = ${hashRecoveryCode(factor.recoveryCode)} and used_at is null returning user_id`);
  return used.length === 1 ? 'recovery_code' : null;
}

export async function remainingRecoveryCodes(db: Runner, userId: string): Promise<number> {
  const [row] = await db.rows<{ n: number }>(sql`select count(*)::int as n from user_recovery_codes where user_id = ${userId} and used_at is null`);
  return row?.n ?? 0;
}
