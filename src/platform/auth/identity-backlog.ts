import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { AppCiphers } from '../crypto/app-ciphers.js';
import { sealUserEmail } from './user-email.js';

interface BacklogRow {
  source: 'users' | 'user_totp' | 'invitations';
  source_practice_id: string | null;
  row_id: string;
  plain_email: string | null;
  plain_display_name: string | null;
  plain_totp_secret: string | null;
}

export class IdentityBacklogError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityBacklogError';
  }
}

const BATCH = 100;

/**
 * Encrypts the identity rows that existed before migration 0050 (which moved their plain values into
 * identity_plaintext_backlog, since SQL holds no keys). Runs at start-up before anything is served,
 * and in `confidant setup-admin`. Resumable: a user's or TOTP row is sealed and its backlog row
 * deleted in one transaction; an invitation is sealed in its practice's transaction and its backlog
 * row deleted right after, so a crash in between only re-encrypts the same value on the next run.
 * Returns how many rows it converted (0 on every start after the first, and on new installations).
 */
export async function convertIdentityBacklog(db: Database, ciphers: AppCiphers, onProgress?: (done: number) => void): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await db.rows<BacklogRow>(sql`select source, source_practice_id, row_id, plain_email, plain_display_name, plain_totp_secret
      from identity_plaintext_backlog order by source, row_id limit ${BATCH}`);
    if (rows.length === 0) return done;
    for (const row of rows) {
      try {
        await convertRow(db, ciphers, row);
      } catch (err) {
        // The row id only: never the value.
        throw new IdentityBacklogError(`could not encrypt the pre-0050 ${row.source} row ${row.row_id}`, { cause: err });
      }
      done += 1;
    }
    onProgress?.(done);
  }
}

async function convertRow(db: Database, ciphers: AppCiphers, row: BacklogRow): Promise<void> {
  const forget = sql`delete from identity_plaintext_backlog where source = ${row.source} and row_id = ${row.row_id}`;
  const need = (v: string | null, what: string): string => {
    if (v === null) throw new IdentityBacklogError(`the backlog row has no ${what}`);
    return v;
  };
  switch (row.source) {
    case 'users':
      await db.transaction(async (tx) => {
        const email = await sealUserEmail(tx, ciphers.installation, row.row_id, need(row.plain_email, 'email'));
        const name = await ciphers.installation.encrypt(tx, { table: 'users', column: 'display_name', rowId: row.row_id }, need(row.plain_display_name, 'display name'));
        await tx.rows(sql`update users set email_bidx = ${email.bidx}, email = ${email.stored}, display_name = ${name} where id = ${row.row_id}`);
        await tx.rows(forget);
      });
      return;
    case 'user_totp':
      await db.transaction(async (tx) => {
        const secret = await ciphers.installation.encrypt(tx, { table: 'user_totp', column: 'secret', rowId: row.row_id }, need(row.plain_totp_secret, 'TOTP secret'));
        await tx.rows(sql`update user_totp set secret = ${secret} where user_id = ${row.row_id}`);
        await tx.rows(forget);
      });
      return;
    case 'invitations': {
      const practiceId = need(row.source_practice_id, 'practice');
      // A practice created before its keys were provisioned at creation gets them now (idempotent).
      await ciphers.provisionPractice(practiceId);
      await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, async (tx) => {
        const plain = need(row.plain_email, 'email');
        const bidx = await ciphers.practice.blindIndex(tx, 'email', plain);
        const email = await ciphers.practice.encrypt(tx, { table: 'invitations', column: 'email', rowId: row.row_id, practiceId }, plain);
        await tx.rows(sql`update invitations set email_bidx = ${bidx}, email = ${email} where id = ${row.row_id}`);
      });
      await db.rows(forget);
      return;
    }
  }
}
