import { readFile, stat } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { createFieldCipher } from '../platform/crypto/field-cipher.js';
import type { Keyring } from '../platform/crypto/keyring.js';
import { openKeyring } from '../platform/crypto/open-keyring.js';
import type { Database } from '../platform/db/database.js';
import { openDatabase } from '../platform/db/open.js';
import { HttpProblem } from '../platform/http/problem.js';
import { importClients, recordRefusedImport } from '../modules/clients/import/import-clients.js';
import { CsvFileError } from '../modules/clients/import/parse-csv.js';
import { IMPORT_BODY_LIMIT } from '../modules/clients/routes.js';

export interface ClientsIo {
  out(line: string): void;
  progress?(total: number): { update(done: number): void; stop(): void };
}

export interface ClientsDeps {
  db: Database;
  keyring: Keyring;
  io: ClientsIo;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `clients import --practice ID --file F [--partial]`: the CSV import for a practice moving in, run
 * by the operator on the server. The same service as the HTTP route: rows validated one by one, a
 * report by line and column (never a value), nothing written unless every row is good (or only the
 * good rows with --partial), encrypted as it lands, audited (as the `system` actor), BAA checked.
 * Exit codes: 0 imported, 1 refused (nothing written), 2 usage or file problems.
 */
export async function clientsImport(deps: ClientsDeps, opts: { practice: string; file: string; partial?: boolean }): Promise<number> {
  const { db, keyring, io } = deps;
  if (!UUID.test(opts.practice)) {
    io.out('--practice: expected a practice id (lower-case uuid)');
    return 2;
  }
  const [practice] = await db.rows<{ id: string }>(sql`select id from practices where id = ${opts.practice}`);
  if (!practice) {
    io.out(`no practice with id ${opts.practice}`);
    return 2;
  }
  let csv: string;
  try {
    if ((await stat(opts.file)).size > IMPORT_BODY_LIMIT) {
      io.out(`the file is larger than ${IMPORT_BODY_LIMIT} bytes; split it`);
      return 2;
    }
    csv = await readFile(opts.file, 'utf8');
  } catch {
    io.out(`cannot read ${opts.file}`);
    return 2;
  }
  const cipher = createFieldCipher({ db, keyring });
  const ctx = { practiceId: opts.practice, userId: null, role: 'system' };
  let bar: ReturnType<NonNullable<ClientsIo['progress']>> | undefined;
  try {
    const report = await importClients(db, cipher, ctx, csv, {
      partial: opts.partial,
      onProgress: (done, total) => {
        bar ??= io.progress?.(total);
        bar?.update(done);
      },
    });
    bar?.stop();
    for (const p of report.problems) io.out(`line ${p.row}, ${p.field}: ${p.message}`);
    if (report.refused) {
      io.out(`${report.rejectedRows} of ${report.rows} row(s) rejected; nothing was imported (fix them, or run with --partial to import the ${report.rows - report.rejectedRows} good row(s))`);
      return 1;
    }
    io.out(`imported ${report.imported} client(s)${report.rejectedRows ? `; ${report.rejectedRows} row(s) rejected and left out` : ''}`);
    return 0;
  } catch (err) {
    if (err instanceof CsvFileError) {
      await recordRefusedImport(db, ctx);
      for (const p of err.problems) io.out(p);
      return 2;
    }
    if (err instanceof HttpProblem) {
      io.out(err.detail ?? err.title);
      return 1;
    }
    throw err;
  } finally {
    bar?.stop();
    await cipher.flushSecurityEvents();
  }
}

function terminalIo(): ClientsIo {
  return {
    out: (line) => console.log(line),
    progress(total: number) {
      const bar = new cliProgress.SingleBar({ format: 'importing [{bar}] {value}/{total} clients  {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
      return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
    },
  };
}

export function registerClientsCommands(program: Command, fail: (err: unknown) => never): void {
  const clients = program.command('clients').description('client records: import from CSV');
  clients
    .command('import')
    .description('import clients from a CSV file (all or nothing unless --partial)')
    .requiredOption('--practice <id>', 'practice id')
    .requiredOption('--file <path>', 'CSV file with a header row (see docs/CLIENTS.md)')
    .option('--partial', 'import the good rows even when some are rejected')
    .action(async (o: { practice: string; file: string; partial?: boolean }) => {
      try {
        const config = loadConfig();
        // A missing keyring is an error: the CLI must never create a fresh one beside an existing database.
        const { keyring } = await openKeyring(config, { create: false });
        const db = await openDatabase(config.database);
        let code: number;
        try {
          code = await clientsImport({ db, keyring, io: terminalIo() }, o);
        } finally {
          await db.close();
        }
        process.exit(code);
      } catch (err) {
        fail(err);
      }
    });
}
