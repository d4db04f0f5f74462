import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIsolatedDatabase } from '../../../test/support/isolated-database.js';
import { openTestKeyring } from '../../../test/support/keyring.js';
import { createAppCiphers } from '../crypto/app-ciphers.js';
import type { AppCiphers } from '../crypto/app-ciphers.js';
import type { Database } from '../db/database.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import { withPracticeTx } from '../db/practice-tx.js';
import { convertIdentityBacklog } from './identity-backlog.js';
import { newTotpSecret } from './totp.js';
import { findUserIdByEmail, readUserEmail } from './user-email.js';
import { readDisplayName } from './users.js';

/**
 * An installation that ran before migration 0050: identity rows in plain text. Migration 0050 moves
 * them to the backlog; the start-time conversion encrypts them, and a second run finds nothing to do.
 */
let db: Database;
let drop: () => Promise<void>;
let ciphers: AppCiphers;
const userId = randomUUID();
const invitationId = randomUUID();
let practiceId: string;
const email = `Synthetic.Legacy.${userId.slice(0, 8)}@Example.test`;
const name = 'Testy McTestface';
const secret = newTotpSecret();

beforeAll(async () => {
  const all = loadMigrations();
  ({ db, drop } = await openIsolatedDatabase({ migrations: all.filter((m) => m.version < 50) }));
  await db.rows(sql`insert into users (id, email_lookup, email_value, display_name) values (${userId}, ${email.toLowerCase()}, ${email}, ${name})`);
  await db.rows(sql`insert into user_totp (user_id, secret, confirmed_at) values (${userId}, ${secret}, now())`);
  // A practice of that time: created before practices got their keys at creation.
  const [p] = await db.rows<{ id: string }>(sql`insert into practices (name) values ('Test Practice legacy') returning id`);
  practiceId = p!.id;
  await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, (tx) =>
    tx.rows(sql`insert into invitations (practice_id, id, email_lookup, role, token_hash, created_at, expires_at)
      values (${practiceId}, ${invitationId}, ${'synthetic.invitee@example.test'}, 'client', ${`hash-${invitationId}`}, now(), now() + interval '1 day')`),
  );
  await migrate(db, { migrations: all });
  ciphers = createAppCiphers(db, await openTestKeyring(db));
}, 300_000);

afterAll(async () => {
  await db?.close();
  await drop?.();
});

describe('pre-0050 identity rows', () => {
  it('migration 0050 leaves no plain text in the identity tables: the values wait in the backlog', async () => {
    const [u] = await db.rows<{ email: string | null; display_name: string | null }>(sql`select email, display_name from users where id = ${userId}`);
    expect(u).toEqual({ email: null, display_name: null });
    const [n] = await db.rows<{ n: number }>(sql`select count(*)::int as n from identity_plaintext_backlog`);
    expect(n?.n).toBe(3);
    // The application may not add to the backlog.
    await expect(db.rows(sql`insert into identity_plaintext_backlog (source, row_id, plain_email) values ('users', ${randomUUID()}, 'x@example.test')`)).rejects.toThrow();
  });

  it('are encrypted by the start-time conversion, readable through the ciphers, and the backlog is emptied', async () => {
    expect(await convertIdentityBacklog(db, ciphers)).toBe(3);
    expect(await findUserIdByEmail(db, ciphers.installation, email.toUpperCase())).toBe(userId);
    expect(await readUserEmail(db, ciphers.installation, userId)).toBe(email);
    expect(await readDisplayName(db, ciphers.installation, userId)).toBe(name);
    const [t] = await db.rows<{ secret: string }>(sql`select secret from user_totp where user_id = ${userId}`);
    expect(t?.secret).toMatch(/^cf1\./);
    expect(await ciphers.installation.decrypt(db, { table: 'user_totp', column: 'secret', rowId: userId }, t!.secret)).toBe(secret);
    const inv = await withPracticeTx(db, { practiceId, userId: null, role: 'system' }, async (tx) => {
      const [row] = await tx.rows<{ email: string; email_bidx: string }>(sql`select email, email_bidx from invitations where id = ${invitationId}`);
      return {
        email: await ciphers.practice.decrypt(tx, { table: 'invitations', column: 'email', rowId: invitationId, practiceId }, row!.email),
        indexMatches: (await ciphers.practice.blindIndex(tx, 'email', 'Synthetic.Invitee@example.test')) === row!.email_bidx,
      };
    });
    expect(inv).toEqual({ email: 'synthetic.invitee@example.test', indexMatches: true });
    const [n] = await db.rows<{ n: number }>(sql`select count(*)::int as n from identity_plaintext_backlog`);
    expect(n?.n).toBe(0);
  });

  it('a second start has nothing to convert; new rows without encrypted values are refused', async () => {
    expect(await convertIdentityBacklog(db, ciphers)).toBe(0);
    await expect(db.rows(sql`insert into users (id) values (${randomUUID()})`)).rejects.toThrow();
  });
});
