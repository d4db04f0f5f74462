import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import { hashToken, newOpaqueToken } from './tokens.js';

type Runner = Pick<SqlRunner, 'rows'>;

export const RESET_TOKEN_TTL_MS = 30 * 60_000;

/** How a reset link reaches its user: the SMTP mailer when configured (src/platform/mail/identity-mail.ts). */
export type PasswordResetDelivery = (message: { userId: string; email: string; token: string; expiresAt: Date }) => Promise<void>;

/** A single-use reset token, valid 30 minutes; earlier unused tokens of the user stop working. */
export async function issueResetToken(db: Runner, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = newOpaqueToken();
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await db.rows(sql`update password_reset_tokens set used_at = ${now.toISOString()}::timestamptz where user_id = ${userId} and used_at is null`);
  await db.rows(sql`insert into password_reset_tokens (token_hash, user_id, expires_at) values (${hashToken(token)}, ${userId}, ${expiresAt.toISOString()}::timestamptz)`);
  return { token, expiresAt };
}

/** The user of a valid, unused token, marking it used (one conditional update: no double use). */
export async function consumeResetToken(db: Runner, token: string, now: Date): Promise<string | null> {
  const [row] = await db.rows<{ user_id: string }>(sql`update password_reset_tokens set used_at = ${now.toISOString()}::timestamptz
    where token_hash = ${hashToken(token)} and used_at is null and expires_at > ${now.toISOString()}::timestamptz returning user_id`);
  return row?.user_id ?? null;
}

/** The user of a valid token without using it (to learn which password rules and factors apply). */
export async function peekResetToken(db: Runner, token: string, now: Date): Promise<string | null> {
  const [row] = await db.rows<{ user_id: string }>(sql`select user_id from password_reset_tokens
    where token_hash = ${hashToken(token)} and used_at is null and expires_at > ${now.toISOString()}::timestamptz`);
  return row?.user_id ?? null;
}
