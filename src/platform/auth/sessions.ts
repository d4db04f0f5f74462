import { sql } from 'drizzle-orm';
import { asDate } from './time.js';
import type { SqlRunner } from '../db/database.js';
import { hashToken, newOpaqueToken } from './tokens.js';

export const DEFAULT_IDLE_MINUTES = 15;
export const DEFAULT_ABSOLUTE_HOURS = 12;

export type RevokeReason = 'logout' | 'logout_all' | 'ended_by_user' | 'password_change' | 'role_change' | 'deactivated' | 'mfa_change' | 'password_reset';

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  lastUsedAt: Date;
  absoluteExpiresAt: Date;
  idleMinutes: number;
  activePracticeId: string | null;
  mfaVerified: boolean;
  ip: string | null;
  userAgent: string | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date | string;
  last_used_at: Date | string;
  absolute_expires_at: Date | string;
  idle_minutes: number;
  active_practice_id: string | null;
  mfa_verified: boolean;
  ip: string | null;
  user_agent: string | null;
}

function toRecord(r: SessionRow): SessionRecord {
  return {
    id: r.id,
    userId: r.user_id,
    createdAt: asDate(r.created_at),
    lastUsedAt: asDate(r.last_used_at),
    absoluteExpiresAt: asDate(r.absolute_expires_at),
    idleMinutes: r.idle_minutes,
    activePracticeId: r.active_practice_id,
    mfaVerified: r.mfa_verified,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

export async function createSession(
  db: Pick<SqlRunner, 'rows'>,
  input: { userId: string; mfaVerified: boolean; ip: string | null; userAgent: string | null; now: Date; absoluteHours?: number },
): Promise<{ token: string; session: SessionRecord }> {
  const token = newOpaqueToken();
  const expires = new Date(input.now.getTime() + (input.absoluteHours ?? DEFAULT_ABSOLUTE_HOURS) * 3600_000);
  const [row] = await db.rows<SessionRow>(sql`
    insert into sessions (token_hash, user_id, created_at, last_used_at, absolute_expires_at, mfa_verified, ip, user_agent)
    values (${hashToken(token)}, ${input.userId}, ${input.now.toISOString()}::timestamptz, ${input.now.toISOString()}::timestamptz,
            ${expires.toISOString()}::timestamptz, ${input.mfaVerified}, ${input.ip}, ${input.userAgent?.slice(0, 512) ?? null})
    returning *`);
  if (!row) throw new Error('session not created');
  return { token, session: toRecord(row) };
}

/**
 * The live session for a token, or null when unknown, revoked, idle too long, past its absolute
 * lifetime, or its user is deactivated. A live session's last use is moved to `now`; an expired one
 * is revoked so it can never come back.
 */
export async function resumeSession(db: Pick<SqlRunner, 'rows'>, token: string, now: Date): Promise<SessionRecord | null> {
  const [row] = await db.rows<SessionRow & { revoked_at: Date | string | null; user_status: string }>(sql`
    select s.*, u.status as user_status from sessions s join users u on u.id = s.user_id where s.token_hash = ${hashToken(token)}`);
  if (!row || row.revoked_at) return null;
  const record = toRecord(row);
  const idleExpiry = record.lastUsedAt.getTime() + row.idle_minutes * 60_000;
  const expired = now.getTime() >= idleExpiry || now.getTime() >= record.absoluteExpiresAt.getTime();
  if (expired || row.user_status !== 'active') {
    await db.rows(sql`update sessions set revoked_at = ${now.toISOString()}::timestamptz,
      revoked_reason = ${expired ? 'expired' : 'deactivated'} where id = ${row.id} and revoked_at is null`);
    return null;
  }
  await db.rows(sql`update sessions set last_used_at = ${now.toISOString()}::timestamptz where id = ${row.id}`);
  return { ...record, lastUsedAt: now };
}

export async function revokeSession(db: Pick<SqlRunner, 'rows'>, sessionId: string, reason: RevokeReason, now: Date): Promise<boolean> {
  const rows = await db.rows(sql`update sessions set revoked_at = ${now.toISOString()}::timestamptz, revoked_reason = ${reason}
    where id = ${sessionId} and revoked_at is null returning id`);
  return rows.length === 1;
}

/** Ends every live session of a user (optionally keeping one); returns how many ended. */
export async function revokeUserSessions(db: Pick<SqlRunner, 'rows'>, userId: string, reason: RevokeReason, now: Date, keepSessionId?: string): Promise<number> {
  const rows = await db.rows(sql`update sessions set revoked_at = ${now.toISOString()}::timestamptz, revoked_reason = ${reason}
    where user_id = ${userId} and revoked_at is null and id <> ${keepSessionId ?? '00000000-0000-0000-0000-000000000000'}::uuid returning id`);
  return rows.length;
}

export async function listLiveSessions(db: Pick<SqlRunner, 'rows'>, userId: string, now: Date): Promise<SessionRecord[]> {
  const rows = await db.rows<SessionRow>(sql`select * from sessions where user_id = ${userId} and revoked_at is null
     and absolute_expires_at > ${now.toISOString()}::timestamptz
     and last_used_at + make_interval(mins => idle_minutes) > ${now.toISOString()}::timestamptz
     order by last_used_at desc`);
  return rows.map(toRecord);
}

export async function setActivePractice(db: Pick<SqlRunner, 'rows'>, sessionId: string, practiceId: string, idleMinutes: number): Promise<void> {
  await db.rows(sql`update sessions set active_practice_id = ${practiceId}, idle_minutes = ${idleMinutes} where id = ${sessionId}`);
}

export async function markMfaVerified(db: Pick<SqlRunner, 'rows'>, sessionId: string): Promise<void> {
  await db.rows(sql`update sessions set mfa_verified = true where id = ${sessionId}`);
}
