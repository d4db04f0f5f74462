import { sql } from 'drizzle-orm';
import type { SqlRunner } from '../db/database.js';
import { NormalisationError } from '../crypto/errors.js';
import type { InstallationFieldCipher } from '../crypto/installation-cipher.js';

type Runner = SqlRunner;

/**
 * The only module that stores, normalises and looks up user emails. users.email holds the address
 * as ciphertext (installation data key, AAD users/email/<user id>); users.email_bidx holds its blind
 * index (HMAC-SHA256 of the normalised address with the installation index key), which is what
 * sign-in, password reset and invitation acceptance look up. Never log an email.
 */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFKC').toLowerCase();
}

export function looksLikeEmail(email: string): boolean {
  return /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{1,63}$/.test(email.trim()) && email.trim().length <= 320;
}

/** The stored form keeps the address as typed (trimmed); the index normalises it. */
export function emailStoredValue(email: string): string {
  return email.trim();
}

/** users.email_bidx for an address; null for something that is not an address (it matches nothing). */
export async function userEmailIndex(db: Runner, cipher: InstallationFieldCipher, email: string): Promise<string | null> {
  try {
    return await cipher.blindIndex(db, 'email', email);
  } catch (err) {
    if (err instanceof NormalisationError) return null;
    throw err;
  }
}

/** The columns of a user's email: its blind index and its ciphertext, bound to the user's id. */
export async function sealUserEmail(db: Runner, cipher: InstallationFieldCipher, userId: string, email: string): Promise<{ bidx: string; stored: string }> {
  const bidx = await cipher.blindIndex(db, 'email', email);
  const stored = await cipher.encrypt(db, { table: 'users', column: 'email', rowId: userId }, emailStoredValue(email));
  return { bidx, stored };
}

export async function findUserIdByEmail(db: Runner, cipher: InstallationFieldCipher, email: string): Promise<string | null> {
  const bidx = await userEmailIndex(db, cipher, email);
  if (!bidx) return null;
  const [row] = await db.rows<{ id: string }>(sql`select id from users where email_bidx = ${bidx}`);
  return row?.id ?? null;
}

export async function readUserEmail(db: Runner, cipher: InstallationFieldCipher, userId: string): Promise<string | null> {
  const [row] = await db.rows<{ v: string | null }>(sql`select email as v from users where id = ${userId}`);
  if (!row?.v) return null;
  return cipher.decrypt(db, { table: 'users', column: 'email', rowId: userId }, row.v);
}
