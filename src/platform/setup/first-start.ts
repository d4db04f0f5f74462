import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

/** The data directory holds the embedded database and the keyring: nobody else on the host may read it. */
export function prepareDataDir(dataDir: string): { created: boolean } {
  const created = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if ((statSync(dataDir).mode & 0o077) !== 0) chmodSync(dataDir, 0o700);
  return { created };
}

export function keyringPath(dataDir: string): string {
  return path.join(dataDir, 'keyring.json');
}

/**
 * Creates the installation keyring file (mode 0600) if missing. The encryption layer owns its
 * contents; first start only guarantees the file exists with the right mode.
 */
export function ensureKeyringFile(dataDir: string, initialContent: () => string): { created: boolean; file: string } {
  const file = keyringPath(dataDir);
  if (existsSync(file)) {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { created: false, file };
  }
  writeFileSync(file, initialContent(), { mode: 0o600, flag: 'wx' });
  return { created: true, file };
}

export function hashSetupToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SetupTokenIssue {
  token: string;
  expiresAt: Date;
}

/**
 * Issues a fresh one-time setup token while the installation has no operator admin. Only the hash is
 * stored, so a restart cannot show an old token again: it revokes the old ones and prints a new one.
 * Returns null once setup is done.
 */
export async function issueSetupTokenIfNeeded(db: Database, hasOperatorAdmin: () => Promise<boolean>, now: Date = new Date()): Promise<SetupTokenIssue | null> {
  if (await hasOperatorAdmin()) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SETUP_TOKEN_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.rows(sql`update installation_setup_tokens set revoked_at = ${now.toISOString()}::timestamptz where used_at is null and revoked_at is null`);
    await tx.rows(sql`insert into installation_setup_tokens (token_hash, expires_at) values (${hashSetupToken(token)}, ${expiresAt.toISOString()}::timestamptz)`);
  });
  return { token, expiresAt };
}

/**
 * Marks a setup token used, in the caller's transaction, if it is valid. The conditional UPDATE makes
 * two concurrent uses of the same token impossible: only one of them gets the row.
 */
export async function consumeSetupToken(tx: Pick<Database, 'rows'>, token: string, now: Date = new Date()): Promise<boolean> {
  const rows = await tx.rows<{ id: string }>(sql`
    update installation_setup_tokens set used_at = ${now.toISOString()}::timestamptz
     where token_hash = ${hashSetupToken(token)} and used_at is null and revoked_at is null and expires_at > ${now.toISOString()}::timestamptz
     returning id`);
  return rows.length === 1;
}
