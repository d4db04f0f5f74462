import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';

/**
 * The only module that stores, normalises and looks up user emails. Emails are stored plain for now;
 * the encryption layer replaces `lookupKey` with a blind index (HMAC) and `storedValue` with
 * ciphertext here, and nowhere else changes. Never log an email.
 */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

export function looksLikeEmail(email: string): boolean {
  return /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/.test(email.trim()) && email.trim().length <= 320;
}

/** The value of users.email_lookup / invitations.email_lookup for an address. */
export function emailLookupKey(email: string): string {
  return normaliseEmail(email);
}

export function emailStoredValue(email: string): string {
  return email.trim();
}

export function readStoredEmail(stored: string): string {
  return stored;
}

export async function findUserIdByEmail(db: Pick<SqlRunner, 'rows'>, email: string): Promise<string | null> {
  const [row] = await db.rows<{ id: string }>(sql`select id from users where email_lookup = ${emailLookupKey(email)}`);
  return row?.id ?? null;
}

export async function readUserEmail(db: Pick<SqlRunner, 'rows'>, userId: string): Promise<string | null> {
  const [row] = await db.rows<{ v: string }>(sql`select email_value as v from users where id = ${userId}`);
  return row ? readStoredEmail(row.v) : null;
}
