import { randomUUID } from 'node:crypto';
import type { FieldCipher } from '../../../platform/crypto/field-cipher.js';
import type { Database } from '../../../platform/db/database.js';
import type { PracticeContext } from '../../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../../platform/db/practice-tx.js';
import { recordAuditEvents } from '../../../platform/audit/record.js';
import { assertBaaAllows } from '../../baa/gate.js';
import { NO_CONTACT } from '../record.js';
import { clientsWithEmailIndex, insertClient } from '../store.js';
import { parseClientCsv } from './parse-csv.js';

/** One problem of one rejected row: where it is and what is wrong, never the value. */
export interface ImportProblem {
  row: number;
  field: string;
  message: string;
}

export interface ImportReport {
  mode: 'all_or_nothing' | 'partial';
  rows: number;
  imported: number;
  rejectedRows: number;
  problems: ImportProblem[];
  /** True when nothing was written because some row was rejected (all-or-nothing). */
  refused: boolean;
}

export interface ImportOptions {
  partial?: boolean;
  now?: Date;
  /** Called as rows are written (CLI progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Imports clients from CSV for a practice moving in. Every row is validated on its own
 * (parse-csv.ts), and checked against existing clients for a repeated email; the report names row,
 * column and problem, never a value. By default one bad row means nothing is written; with
 * `partial`, the good rows are written. Either way the writing is one transaction: each client's
 * practice_clients row, encrypted record, blind indexes and audit event land together or not at all.
 * The practice's BAA must allow creating PHI (164.502(e)).
 * Throws CsvFileError for a file that is not a client CSV at all (bad header, not CSV, too big).
 */
export async function importClients(db: Database, cipher: FieldCipher, ctx: PracticeContext, csv: string, opts: ImportOptions = {}): Promise<ImportReport> {
  await assertBaaAllows(db, ctx.practiceId, 'create');
  const now = opts.now ?? new Date();
  const parsed = parseClientCsv(csv, now);
  const mode = opts.partial ? 'partial' : 'all_or_nothing';
  const problems: ImportProblem[] = parsed.rejected.flatMap((r) => r.problems.map((p) => ({ row: r.line, field: p.column, message: p.message })));

  return withPracticeTx(db, ctx, async (tx) => {
    // Emails already on file would make duplicates: rejected like any other bad row.
    const emailIndex = new Map<number, string>();
    for (const a of parsed.accepted) if (a.client.email) emailIndex.set(a.line, await cipher.blindIndex(tx, 'email', a.client.email));
    const existing = await clientsWithEmailIndex(tx, [...emailIndex.values()]);
    const good = parsed.accepted.filter((a) => {
      const ix = emailIndex.get(a.line);
      if (ix && existing.has(ix)) {
        problems.push({ row: a.line, field: 'email', message: 'a client with this email is already on file' });
        return false;
      }
      return true;
    });
    problems.sort((a, b) => a.row - b.row);
    const rejectedRows = new Set(problems.map((p) => p.row)).size;
    const report = { mode, rows: parsed.accepted.length + parsed.rejected.length, rejectedRows, problems } as const;
    if (rejectedRows > 0 && !opts.partial) {
      tx.audit({ action: 'import', resourceType: 'client_import', outcome: 'error', purposeOfUse: 'operations' });
      return { ...report, imported: 0, refused: true };
    }
    let done = 0;
    for (const a of good) {
      const id = randomUUID();
      await insertClient(tx, cipher, id, { ...a.client, contactPreferences: NO_CONTACT }, ctx.userId);
      tx.audit({ action: 'create', resourceType: 'client_demographics', resourceId: id, subjectClientId: id, purposeOfUse: 'operations' });
      opts.onProgress?.(++done, good.length);
    }
    tx.audit({ action: 'import', resourceType: 'client_import', purposeOfUse: 'operations' });
    return { ...report, imported: good.length, refused: false };
  });
}

/** Records a refused import (the file itself was unusable) so the attempt is in the audit trail. */
export async function recordRefusedImport(db: Database, ctx: PracticeContext): Promise<void> {
  await recordAuditEvents(db, { practiceId: ctx.practiceId, userId: ctx.userId, role: ctx.role, sessionId: ctx.sessionId ?? null }, [
    { action: 'import', resourceType: 'client_import', outcome: 'error', purposeOfUse: 'operations' },
  ]);
}
