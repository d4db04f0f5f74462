import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import { sqlState } from '../db/database.js';
import { ConflictProblem } from '../http/problem.js';
import type { PracticeRole } from './permissions.js';
import { emailLookupKey, emailStoredValue } from './user-email.js';

type Runner = Pick<SqlRunner, 'rows'>;

export interface UserRecord {
  id: string;
  displayName: string;
  status: 'active' | 'deactivated';
  isOperatorAdmin: boolean;
  passwordHash: string | null;
}

export interface MembershipRecord {
  practiceId: string;
  role: PracticeRole;
  status: 'active' | 'deactivated';
  practiceName: string;
}

interface UserRow {
  id: string;
  display_name: string;
  status: 'active' | 'deactivated';
  is_operator_admin: boolean;
  password_hash: string | null;
}

const toUser = (r: UserRow): UserRecord => ({ id: r.id, displayName: r.display_name, status: r.status, isOperatorAdmin: r.is_operator_admin, passwordHash: r.password_hash });

export async function createUser(db: Runner, input: { email: string; displayName: string; passwordHash: string; isOperatorAdmin: boolean; now: Date }): Promise<string> {
  try {
    const [row] = await db.rows<{ id: string }>(sql`insert into users (email_lookup, email_value, display_name, is_operator_admin, password_hash, password_changed_at)
      values (${emailLookupKey(input.email)}, ${emailStoredValue(input.email)}, ${input.displayName}, ${input.isOperatorAdmin}, ${input.passwordHash}, ${input.now.toISOString()}::timestamptz)
      returning id`);
    if (!row) throw new Error('user not created');
    return row.id;
  } catch (err) {
    if (sqlState(err) === '23505') throw new ConflictProblem('An account with this email already exists; sign in instead.', 'account-exists');
    throw err;
  }
}

export async function getUser(db: Runner, userId: string): Promise<UserRecord | null> {
  const [row] = await db.rows<UserRow>(sql`select id, display_name, status, is_operator_admin, password_hash from users where id = ${userId}`);
  return row ? toUser(row) : null;
}

export async function setPasswordHash(db: Runner, userId: string, passwordHash: string, now: Date): Promise<void> {
  await db.rows(sql`update users set password_hash = ${passwordHash}, password_changed_at = ${now.toISOString()}::timestamptz where id = ${userId}`);
}

/** Every membership of a user, across practices (through the security-definer function). */
export async function listMemberships(db: Runner, userId: string): Promise<MembershipRecord[]> {
  const rows = await db.rows<{ practice_id: string; role: PracticeRole; status: 'active' | 'deactivated'; practice_name: string }>(
    sql`select practice_id, role, status, practice_name from confidant_user_memberships(${userId}::uuid)`,
  );
  return rows.map((r) => ({ practiceId: r.practice_id, role: r.role, status: r.status, practiceName: r.practice_name }));
}

export async function operatorAdminExists(db: Runner): Promise<boolean> {
  const [row] = await db.rows<{ ok: boolean }>(sql`select exists(select 1 from users where is_operator_admin and status = 'active') as ok`);
  return row?.ok ?? false;
}
