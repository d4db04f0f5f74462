import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';

type Runner = Pick<SqlRunner, 'rows'>;

/**
 * Per-account lockout: 10 failed attempts within 15 minutes lock the account for 15 minutes. A
 * locked account answers exactly like a wrong password, so the lock tells an attacker nothing.
 */
export const LOCKOUT_THRESHOLD = 10;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;
export const LOCKOUT_DURATION_MS = 15 * 60_000;

export async function isLocked(db: Runner, userId: string, now: Date): Promise<boolean> {
  const [row] = await db.rows<{ locked: boolean }>(sql`select exists(select 1 from account_lockouts
    where user_id = ${userId} and locked_until > ${now.toISOString()}::timestamptz) as locked`);
  return row?.locked ?? false;
}

/** Records a failure; returns true when this failure locked the account. */
export async function recordFailure(db: Runner, userId: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  await db.rows(sql`insert into auth_failures (user_id, at) values (${userId}, ${now.toISOString()}::timestamptz)`);
  await db.rows(sql`delete from auth_failures where user_id = ${userId} and at <= ${since.toISOString()}::timestamptz`);
  const [row] = await db.rows<{ n: number }>(sql`select count(*)::int as n from auth_failures where user_id = ${userId}`);
  if ((row?.n ?? 0) < LOCKOUT_THRESHOLD) return false;
  const until = new Date(now.getTime() + LOCKOUT_DURATION_MS);
  await db.rows(sql`insert into account_lockouts (user_id, locked_until) values (${userId}, ${until.toISOString()}::timestamptz)
    on conflict (user_id) do update set locked_until = excluded.locked_until`);
  await db.rows(sql`delete from auth_failures where user_id = ${userId}`);
  return true;
}

export async function clearFailures(db: Runner, userId: string): Promise<void> {
  await db.rows(sql`delete from auth_failures where user_id = ${userId}`);
}
