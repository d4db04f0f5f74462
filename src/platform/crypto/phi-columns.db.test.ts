import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSuperuser, openTestDatabase } from '../../../test/support/db.js';
import type { Database, SqlRunner } from '../db/database.js';
import { seal } from './aead.js';
import { formatField, parseField } from './field-format.js';
import { PHI_COLUMNS, PHI_LOOKALIKE_ALLOWLIST, looksLikePhi } from './phi-columns.js';
import { FIELD_REGEX, findPlaintextPhi, inspectPhiSchema } from './phi-inspect.js';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

class Rollback extends Error {}

/** The cases below check scratch tables or an explicit registry; the real schema's own columns are the first case's. */
const scratchOnly = (problems: string[]): string[] => problems.filter((p) => p.startsWith('zz_scratch_') || p.startsWith('practice_settings.'));

/** Runs checks against a scratch schema change made as the owner and rolled back: nothing stays. */
async function withScratchTables<T>(ddl: string, work: (tx: SqlRunner) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await db
    .ownerTransaction(async (tx) => {
      await tx.exec(ddl);
      result = await work(tx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return result as T;
}

describe('PHI columns are encrypted', () => {
  it('the schema as migrated: every registered PHI column is ciphertext, no PHI-looking column is unaccounted for', async () => {
    expect(await db.transaction((tx) => inspectPhiSchema(tx))).toEqual([]);
  });

  it('the data as stored: no registered PHI column holds plain text', async () => {
    expect(await asSuperuser(db, (run) => findPlaintextPhi({ rows: run as SqlRunner['rows'], exec: async () => undefined, orm: db.orm }))).toEqual([]);
  });

  it('registry entries are well-formed and allowlist entries give a reason', () => {
    for (const c of PHI_COLUMNS) expect(c.holds.length).toBeGreaterThan(0);
    for (const a of PHI_LOOKALIKE_ALLOWLIST) expect(a.reason.length).toBeGreaterThan(10);
  });

  it('fails for a tenant-table column that looks like PHI and is neither registered nor allowlisted', async () => {
    const problems = await withScratchTables(
      'create table zz_scratch_clients (practice_id uuid not null, id uuid not null, first_name text, date_of_birth date, intake_note_text text, visit_count int, email_bidx text)',
      (tx) => inspectPhiSchema(tx).then(scratchOnly),
    );
    expect(problems).toEqual([
      'zz_scratch_clients.first_name looks like PHI: register it in PHI_COLUMNS (type ciphertext) or allowlist it with a reason',
      'zz_scratch_clients.date_of_birth looks like PHI: register it in PHI_COLUMNS (type ciphertext) or allowlist it with a reason',
      'zz_scratch_clients.intake_note_text looks like PHI: register it in PHI_COLUMNS (type ciphertext) or allowlist it with a reason',
      'zz_scratch_clients.email_bidx is named as a blind index but has type text, not blind_index',
    ]);
  });

  it('an allowlisted column passes; a registered column that is not ciphertext fails, and so does plain text in it', async () => {
    const registry = [
      ...PHI_COLUMNS,
      { table: 'zz_scratch_notes', column: 'body', holds: 'note text' },
      { table: 'zz_scratch_notes', column: 'summary', holds: 'note summary' },
    ];
    const allowlist = [...PHI_LOOKALIKE_ALLOWLIST, { table: 'zz_scratch_notes', column: 'template_name', reason: 'name of a built-in template, not about a person' }];
    const result = await withScratchTables(
      `create table zz_scratch_notes (practice_id uuid not null, id uuid not null, body text, summary ciphertext, template_name text);
       insert into zz_scratch_notes values ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', 'Test Client said something', null, 'intake');`,
      async (tx) => ({ schema: scratchOnly(await inspectPhiSchema(tx, { registry, allowlist })), data: await findPlaintextPhi(tx, registry) }),
    );
    expect(result.schema).toEqual(['zz_scratch_notes.body holds PHI (note text) but has type text, not ciphertext']);
    expect(result.data).toEqual(['zz_scratch_notes.body has 1 value(s) not in the encrypted field format']);
  });

  it('a registered column missing from the schema fails', async () => {
    expect(scratchOnly(await db.transaction((tx) => inspectPhiSchema(tx, { registry: [{ table: 'practice_settings', column: 'client_name', holds: 'x' }] })))).toEqual([
      'practice_settings.client_name is registered as PHI but does not exist',
    ]);
  });

  it('installation-level tables (no practice_id, like users) are covered too', async () => {
    const problems = await withScratchTables('create table zz_scratch_accounts (id uuid primary key, contact_email text, display_name ciphertext, status text)', (tx) =>
      inspectPhiSchema(tx, { registry: [...PHI_COLUMNS, { table: 'zz_scratch_accounts', column: 'display_name', holds: 'account name', scope: 'installation' }] }),
    );
    expect(problems).toEqual(['zz_scratch_accounts.contact_email looks like PHI: register it in PHI_COLUMNS (type ciphertext) or allowlist it with a reason']);
  });

  it('the identity tables as migrated: emails, display names and TOTP secrets are ciphertext, emails looked up by blind index', async () => {
    const types = await db.rows<{ col: string; type: string }>(sql`select c.relname || '.' || a.attname as col, t.typname::text as type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_type t on t.oid = a.atttypid
      where c.relname in ('users', 'user_totp', 'invitations') and a.attnum > 0 and not a.attisdropped
        and a.attname in ('email', 'email_bidx', 'display_name', 'secret', 'email_lookup', 'email_value') order by 1`);
    expect(types).toEqual([
      { col: 'invitations.email', type: 'ciphertext' },
      { col: 'invitations.email_bidx', type: 'blind_index' },
      { col: 'user_totp.secret', type: 'ciphertext' },
      { col: 'users.display_name', type: 'ciphertext' },
      { col: 'users.email', type: 'ciphertext' },
      { col: 'users.email_bidx', type: 'blind_index' },
    ]);
  });

  it('PHI-looking names are recognised by their parts', () => {
    for (const c of ['email', 'first_name', 'phone_number', 'dob', 'birth_date', 'home_address', 'note', 'body', 'transcript', 'message_text', 'answers']) {
      expect(looksLikePhi(c), c).toBe(true);
    }
    for (const c of ['id', 'practice_id', 'created_at', 'status', 'context', 'notebook_id', 'email_bidx', 'version']) {
      expect(looksLikePhi(c), c).toBe(false);
    }
  });

  it('the ciphertext column type, the SQL check and the TypeScript parser accept exactly the same values', async () => {
    const good = formatField(7, seal(randomBytes(32), Buffer.from('synthetic'), Buffer.from('aad')));
    const bad = ['Test Client', 'cf1.k0' + good.slice(6), good.replace('cf1.', 'cf2.'), good + '=', good.replace(/\.[^.]*$/, '.short')];
    for (const v of [good, ...bad]) {
      const ts = parseField(v) !== null;
      const [row] = await db.rows<{ re: boolean }>(sql`select ${v} ~ ${FIELD_REGEX} as re`);
      const cast = await db.transaction((tx) => tx.rows(sql`select ${v}::ciphertext`)).then(() => true, () => false);
      expect([ts, row?.re, cast], v).toEqual(v === good ? [true, true, true] : [false, false, false]);
    }
  });
});
