import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database.js';
import type { PhiColumn } from '../../src/platform/crypto/phi-columns.js';

/**
 * A tenant table created by a test (as the schema owner) to exercise field encryption before any
 * module has PHI tables. Its name is random so parallel test files on one Postgres database do not
 * meet; its column names do not look like PHI, so the PHI schema test running alongside ignores it.
 */
export interface EncryptedTestTable {
  name: string;
  columns: PhiColumn[];
  drop(): Promise<void>;
}

export async function createEncryptedTestTable(db: Database): Promise<EncryptedTestTable> {
  const name = `zz_crypto_test_${randomBytes(4).toString('hex')}`;
  await db.ownerTransaction(async (tx) => {
    await tx.exec(`create table ${name} (
      practice_id uuid not null references practices (id),
      id uuid not null,
      sealed_a ciphertext,
      sealed_b ciphertext,
      primary key (practice_id, id))`);
    await tx.rows(sql`select confidant_tenant_table(${name}::regclass)`);
  });
  return {
    name,
    columns: [
      { table: name, column: 'sealed_a', holds: 'synthetic test value' },
      { table: name, column: 'sealed_b', holds: 'synthetic test value' },
    ],
    async drop(): Promise<void> {
      await db.ownerTransaction((tx) => tx.exec(`drop table if exists ${name}`));
    },
  };
}
