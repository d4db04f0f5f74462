import { createInterface } from 'node:readline/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../config.js';
import { createFieldCipher } from '../platform/crypto/field-cipher.js';
import type { Keyring } from '../platform/crypto/keyring.js';
import { rewrapInstallationKeys } from '../platform/crypto/installation-keys.js';
import { openKeyring } from '../platform/crypto/open-keyring.js';
import type { PhiColumn } from '../platform/crypto/phi-columns.js';
import { PRACTICE_PHI_COLUMNS } from '../platform/crypto/phi-columns.js';
import { countStaleFields, reencryptPractice, rotateDataKey, rotatePracticeKek } from '../platform/crypto/rotation.js';
import { destroyPracticeKeys } from '../platform/crypto/shred.js';
import type { Database } from '../platform/db/database.js';
import { openDatabase } from '../platform/db/open.js';

/** What a `confidant keys` command talks to; tests pass their own. */
export interface KeysIo {
  out(line: string): void;
  /** Asks a question and returns the typed answer (destroy's confirmation). */
  ask(question: string): Promise<string>;
  progress?(total: number): { update(done: number): void; stop(): void };
}

export interface KeysDeps {
  db: Database;
  keyring: Keyring;
  io: KeysIo;
  /** The PHI columns to re-encrypt; the registry unless a test passes its own table. */
  columns?: readonly PhiColumn[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

class UsageError extends Error {}

async function practiceName(db: Database, id: string): Promise<string> {
  if (!UUID.test(id)) throw new UsageError(`--practice: expected a practice id (lower-case uuid)`);
  const [row] = await db.rows<{ name: string }>(sql`select name from practices where id = ${id}`);
  if (!row) throw new UsageError(`no practice with id ${id}`);
  return row.name;
}

async function run(work: () => Promise<number>, io: KeysIo): Promise<number> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof UsageError) {
      io.out(err.message);
      return 2;
    }
    throw err;
  }
}

/**
 * `keys rotate --practice ID`: a new data key version takes new writes at once, then existing fields
 * are re-encrypted in batches while the application runs. `--resume` only finishes the re-encryption
 * of an interrupted rotation.
 */
export async function keysRotate(deps: KeysDeps, opts: { practice: string; resume?: boolean; batchSize?: number }): Promise<number> {
  return run(async () => {
    const { db, keyring, io } = deps;
    await practiceName(db, opts.practice);
    const columns = deps.columns ?? PRACTICE_PHI_COLUMNS;
    if (!opts.resume) {
      const { version } = await rotateDataKey(db, keyring, opts.practice);
      io.out(`data key v${version} is active for new writes`);
    }
    const { stale } = await countStaleFields(db, opts.practice, columns);
    const bar = stale > 0 ? io.progress?.(stale) : undefined;
    const cipher = createFieldCipher({ db, keyring });
    try {
      const result = await reencryptPractice(db, cipher, opts.practice, { columns, batchSize: opts.batchSize, onProgress: (p) => bar?.update(p.done) });
      bar?.stop();
      io.out(`re-encrypted ${result.reencrypted} field(s) under data key v${result.version}`);
      for (const f of result.failed) io.out(`failed authentication, left as is: ${f}`);
      if (result.remaining > 0) {
        io.out(`${result.remaining} field(s) still under an older key (written by a process whose key cache predates the rotation, or failed); run again with --resume in 5 minutes`);
        return 1;
      }
      return 0;
    } finally {
      bar?.stop();
      await cipher.flushSecurityEvents();
    }
  }, deps.io);
}

/** `keys rotate-kek [--practice ID]`: new KEK versions; the data keys are re-wrapped, fields untouched. */
export async function keysRotateKek(deps: KeysDeps, opts: { practice?: string }): Promise<number> {
  return run(async () => {
    const { db, keyring, io } = deps;
    let targets: string[];
    if (opts.practice) {
      await practiceName(db, opts.practice);
      targets = [opts.practice];
    } else {
      const installation = await keyring.rotateInstallationKek();
      const rewrapped = await rewrapInstallationKeys(db, keyring);
      io.out(`installation KEK v${installation.version} is active, ${rewrapped} installation key(s) re-wrapped`);
      targets = keyring.practiceIds();
    }
    for (const id of targets) {
      const { kekVersion, rewrapped } = await rotatePracticeKek(db, keyring, id);
      io.out(`practice ${id}: KEK v${kekVersion}, ${rewrapped} data key(s) re-wrapped`);
    }
    return 0;
  }, deps.io);
}

/** `keys rotate-signing`: a new Ed25519 audit checkpoint key; older public keys stay for verification. */
export async function keysRotateSigning(deps: KeysDeps): Promise<number> {
  const before = deps.keyring.getAuditSigningKey().keyId;
  const after = await deps.keyring.rotateAuditSigningKey();
  deps.io.out(`audit signing key ${after.keyId} is active; ${before} is kept for verifying older checkpoints`);
  return 0;
}

/** `keys destroy --practice ID`: crypto-shredding, after the operator types the practice id. */
export async function keysDestroy(deps: KeysDeps, opts: { practice: string }): Promise<number> {
  return run(async () => {
    const { db, keyring, io } = deps;
    const name = await practiceName(db, opts.practice);
    if (keyring.isDestroyed(opts.practice)) {
      io.out(`the keys of practice ${opts.practice} were already destroyed`);
      return 0;
    }
    io.out(`This destroys every key of practice ${opts.practice} (${name}).`);
    io.out('All of its encrypted data becomes unreadable, in this database and in every backup, for good.');
    const answer = await io.ask('Type the practice id to confirm: ');
    if (answer.trim() !== opts.practice) {
      io.out('The confirmation did not match; nothing was destroyed.');
      return 1;
    }
    const { deletedWrappedKeys } = await destroyPracticeKeys(db, keyring, opts.practice);
    io.out(`destroyed the keys of practice ${opts.practice}: KEKs removed from the keyring, ${deletedWrappedKeys} wrapped data key(s) deleted`);
    io.out('Running servers drop cached keys within 5 minutes; restart them to make it immediate.');
    return 0;
  }, deps.io);
}

function terminalIo(): KeysIo {
  return {
    out: (line) => console.log(line),
    async ask(question: string): Promise<string> {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    progress(total: number) {
      const bar = new cliProgress.SingleBar({ format: 're-encrypting [{bar}] {value}/{total} fields  {eta_formatted} left', stream: process.stderr }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
      return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
    },
  };
}

async function withDeps(work: (deps: KeysDeps) => Promise<number>): Promise<number> {
  const config = loadConfig();
  // A missing keyring is an error here: the CLI must never create a fresh one beside an existing database.
  const { keyring } = await openKeyring(config, { create: false });
  const db = await openDatabase(config.database);
  try {
    return await work({ db, keyring, io: terminalIo() });
  } finally {
    await db.close();
  }
}

export function registerKeysCommands(program: Command, fail: (err: unknown) => never): void {
  const exit = (p: Promise<number>): void => {
    p.then(
      (code) => process.exit(code),
      (err: unknown) => fail(err),
    );
  };
  const keys = program.command('keys').description('encryption keys: rotate data keys and KEKs, destroy a practice’s keys');
  keys
    .command('rotate')
    .description('new data key for a practice; re-encrypts its fields in the background (resumable)')
    .requiredOption('--practice <id>', 'practice id')
    .option('--resume', 'only finish re-encrypting after an interrupted rotation')
    .action((o: { practice: string; resume?: boolean }) => exit(withDeps((d) => keysRotate(d, o))));
  keys
    .command('rotate-kek')
    .description('new key-encryption keys; re-wraps data keys only (all practices and the installation, or one practice)')
    .option('--practice <id>', 'practice id')
    .action((o: { practice?: string }) => exit(withDeps((d) => keysRotateKek(d, o))));
  keys
    .command('rotate-signing')
    .description('new Ed25519 key for audit checkpoints (older public keys are kept for verification)')
    .action(() => exit(withDeps((d) => keysRotateSigning(d))));
  keys
    .command('destroy')
    .description('crypto-shred a practice: destroy its keys so none of its data can be read again')
    .requiredOption('--practice <id>', 'practice id')
    .action((o: { practice: string }) => exit(withDeps((d) => keysDestroy(d, o))));
}
