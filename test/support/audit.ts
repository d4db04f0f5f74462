import { sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import type { Database } from '../../src/platform/db/database.js';
import { sealStream } from '../../src/platform/audit/seal.js';
import { asSuperuser, createTestPractice, type TestPractice } from './db.js';

/**
 * A practice whose audit stream holds `rows` synthetic read events, inserted in bulk and sealed:
 * more rows than one COPY stream may run ahead of the other, for the tests that a verify walk
 * on a small pool cannot hang.
 */
export async function bulkSealedPractice(db: Database, rows: number): Promise<TestPractice> {
  const p = await createTestPractice(db);
  await asSuperuser(db, (run) =>
    run(sql`insert into audit_events (practice_id, action, resource_type, resource_id, outcome)
      select ${p.id}::uuid, 'read', 'note', 'bulk-' || g, 'success' from generate_series(1, ${rows}::int) g`),
  );
  const sealed = (await sealStream(db, p.id)).sealed;
  if (sealed !== rows) throw new Error(`bulkSealedPractice: sealed ${sealed} of ${rows}`);
  return p;
}

/**
 * Runs statements as a superuser with the audit triggers off (session_replication_role =
 * replica), in one transaction: the tampering an attacker with full database rights can do,
 * which verify must still catch.
 */
export async function tamperAudit(db: Database, statements: SQL[]): Promise<void> {
  await asSuperuser(db, async (run) => {
    if (db.kind === 'postgres') await run(sql`begin`);
    await run(sql`set local session_replication_role = replica`);
    for (const s of statements) await run(s);
    if (db.kind === 'postgres') await run(sql`commit`);
  });
}
