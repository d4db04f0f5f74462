import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import { sqlState } from '../db/database.js';
import type { InstallationFieldCipher } from '../crypto/installation-cipher.js';
import { ConflictProblem } from '../http/problem.js';
import type { PracticeRole } from './permissions.js';
import { sealUserEmail } from './user-email.js';

type Runner = Pick<SqlRunner, 'rows'>;

/**
 * A user account. The display name is not part of it: it is ciphertext (a client's account carries
 * the client's name), decrypted only where it is shown (readDisplayName / openDisplayName), not on
 * every request that loads the account.
 */
export interface UserRecord {
  id: string;
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
  status: 'active' | 'deactivated';
  is_operator_admin: boolean;
  password_hash: string | null;
}

const toUser = (r: UserRow): UserRecord => ({ id: r.id, status: r.status, isOperatorAdmin: r.is_operator_admin, passwordHash: r.password_hash });

const displayNameRef = (userId: string): { table: string; column: string; rowId: string } => ({ table: 'users', column: 'display_name', rowId: userId });

/** Creates an account; its email and display name are sealed with the installation keys (AAD: its id). */
export async function createUser(
  db: SqlRunner,
  cipher: InstallationFieldCipher,
  input: { email: string; displayName: string; passwordHash: string; isOperatorAdmin: boolean; now: Date },
): Promise<string> {
  const id = randomUUID();
  const email = await sealUserEmail(db, cipher, id, input.email);
  const displayName = await cipher.encrypt(db, displayNameRef(id), input.displayName);
  try {
    const [row] = await db.rows<{ id: string }>(sql`insert into users (id, email_bidx, email, display_name, is_operator_admin, password_hash, password_changed_at)
      values (${id}, ${email.bidx}, ${email.stored}, ${displayName}, ${input.isOperatorAdmin}, ${input.passwordHash}, ${input.now.toISOString()}::timestamptz)
      returning id`);
    if (!row) throw new Error('user not created');
    return row.id;
  } catch (err) {
    if (sqlState(err) === '23505') throw new ConflictProblem('An account with this email already exists; sign in instead.', 'account-exists');
    throw err;
  }
}

export async function getUser(db: Runner, userId: string): Promise<UserRecord | null> {
  const [row] = await db.rows<UserRow>(sql`select id, status, is_operator_admin, password_hash from users where id = ${userId}`);
  return row ? toUser(row) : null;
}

/** Decrypts a users.display_name value read elsewhere (a member list's join), bound to its user id. */
export async function openDisplayName(tx: SqlRunner, cipher: InstallationFieldCipher, userId: string, stored: string): Promise<string> {
  return cipher.decrypt(tx, displayNameRef(userId), stored);
}

export async function readDisplayName(db: SqlRunner, cipher: InstallationFieldCipher, userId: string): Promise<string | null> {
  const [row] = await db.rows<{ v: string | null }>(sql`select display_name as v from users where id = ${userId}`);
  return row?.v ? openDisplayName(db, cipher, userId, row.v) : null;
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
