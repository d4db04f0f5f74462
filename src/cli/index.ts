import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { KeyringError } from '../platform/crypto/errors.js';
import { MigrationError } from '../platform/db/migrate.js';
import { StartupError } from '../main.js';
import { runDeidCli } from '../deid/cli.js';
import { registerAuditCommands } from './audit.js';
import { registerClientsCommands } from './clients.js';
import { runDoctor } from './doctor.js';
import { registerKeysCommands } from './keys.js';
import { runMigrate } from './migrate.js';
import { runStart } from './start.js';
import { runSetupAdmin } from './setup-admin.js';

/** Known failures print their message and exit 1; nothing prints a stack trace to an operator. */
function fail(err: unknown): never {
  if (err instanceof ConfigError || err instanceof MigrationError || err instanceof StartupError || err instanceof KeyringError) {
    console.error(err.message);
  } else {
    const e = err as { code?: string; name?: string };
    console.error(`confidant: ${e?.name ?? 'Error'}${e?.code ? ` (${e.code})` : ''}: ${(err as Error)?.message ?? String(err)}`);
  }
  process.exit(1);
}

export function buildCli(): Command {
  const program = new Command('confidant').description('Confidant: records, portal and compliance for mental-health practices').showHelpAfterError();
  program.command('start').description('apply migrations and serve the app').action(() => runStart().catch(fail));
  program.command('migrate').description('apply pending database migrations').action(() => runMigrate().catch(fail));
  program
    .command('doctor')
    .description('check configuration, TLS, keyring, database roles and tenant isolation')
    .action(() =>
      runDoctor().then(
        (code) => process.exit(code),
        (err: unknown) => fail(err),
      ),
    );
  program
    .command('deid')
    .description('remove the 18 HIPAA Safe Harbor identifiers from text on stdin')
    .option('--mode <mode>', 'mask ([NAME], [DATE] ...) or surrogate (realistic replacements)', 'mask')
    .option('--json', 'write {"text", "spans"} with offsets into the input')
    .option('--sensitivity <level>', 'standard, or high: also every capitalised word no English or clinical list holds (research exports, logs)', 'standard')
    .action((opts: { mode: string; json?: boolean; sensitivity: string }) => {
      if (opts.mode !== 'mask' && opts.mode !== 'surrogate') {
        console.error('confidant deid: --mode must be mask or surrogate');
        process.exit(1);
      }
      if (opts.sensitivity !== 'standard' && opts.sensitivity !== 'high') {
        console.error('confidant deid: --sensitivity must be standard or high');
        process.exit(1);
      }
      runDeidCli({ mode: opts.mode, json: opts.json === true, sensitivity: opts.sensitivity }, process.stdin, process.stdout).catch(fail);
    });
  registerAuditCommands(program, fail);
  registerKeysCommands(program, fail);
  registerClientsCommands(program, fail);
  program
    .command('setup-admin')
    .description('create the first operator admin with the one-time setup token (password read without echo, or from stdin)')
    .option('--token <token>', 'the setup token printed at first start (or CONFIDANT_SETUP_TOKEN)')
    .requiredOption('--email <email>', 'email of the operator admin')
    .requiredOption('--name <name>', 'display name of the operator admin')
    .option('--password-stdin', 'read the password from standard input')
    .action((opts: { token?: string; email: string; name: string; passwordStdin?: boolean }) =>
      runSetupAdmin(opts).then(
        (code) => process.exit(code),
        (err: unknown) => fail(err),
      ),
    );
  return program;
}

await buildCli().parseAsync(process.argv);
