import type { KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import type { Database } from '../platform/db/database.js';
import { openDatabase } from '../platform/db/open.js';
import { INSTALLATION_STREAM_ID } from '../platform/db/roles.js';
import type { Checkpoint } from '../platform/audit/checkpoint.js';
import { CheckpointFileError, currentCheckpoint, parseCheckpointFile, toCheckpointFile } from '../platform/audit/checkpoint.js';
import { auditStreams, sealStream } from '../platform/audit/seal.js';
import type { CheckpointSigner } from '../platform/audit/signer.js';
import { signerFromKeyring } from '../platform/audit/keyring-signer.js';
import { openKeyring } from '../platform/crypto/open-keyring.js';
import type { VerifyResult } from '../platform/audit/verify.js';
import { verifyStream } from '../platform/audit/verify.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class AuditCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditCommandError';
  }
}

function streamOption(practice: string | undefined): string | undefined {
  if (practice === undefined) return undefined;
  if (practice === 'installation') return INSTALLATION_STREAM_ID;
  if (!UUID.test(practice)) throw new AuditCommandError(`--practice: expected a practice id (uuid) or "installation", got "${practice.slice(0, 60)}"`);
  return practice.toLowerCase();
}

function describe(r: VerifyResult): string {
  const parts = [`${r.sealed} sealed events`, `${r.checkpoints} checkpoints verified`];
  if (r.pending > 0) parts.push(`${r.pending} awaiting the sealer`);
  if (r.savedCheckpointProved) parts.push('saved checkpoint proved');
  return parts.join(', ');
}

export interface VerifyCommandOptions {
  practice?: string;
  checkpoint?: string;
  progress?: boolean;
  /** `--jobs N` as typed: seq ranges checked side by side (Postgres); default half the CPUs available, within the pool. */
  jobs?: string;
}

function jobsOption(jobs: string | undefined): number | undefined {
  if (jobs === undefined) return undefined;
  if (!/^[1-9][0-9]{0,3}$/.test(jobs)) throw new AuditCommandError(`--jobs: expected a whole number from 1, got "${jobs.slice(0, 20)}"`);
  return Number(jobs);
}

/**
 * `confidant audit verify`: every stream (or one), first bad event and why; 0 when all verify, 1 otherwise.
 */
export async function auditVerify(db: Database, signer: CheckpointSigner, opts: VerifyCommandOptions, print: (line: string) => void): Promise<number> {
  let saved: { checkpoint: Checkpoint; publicKey: KeyObject } | null = null;
  if (opts.checkpoint) {
    let text: string;
    try {
      text = readFileSync(opts.checkpoint, 'utf8');
    } catch {
      throw new AuditCommandError(`--checkpoint: cannot read ${opts.checkpoint}`);
    }
    saved = parseCheckpointFile(text);
    const known = signer.publicKeyFor(saved.checkpoint.keyId);
    if (known && !known.equals(saved.publicKey)) throw new AuditCommandError('--checkpoint: the file carries a different public key for this installation key id');
    if (!known) print(`note: the saved checkpoint's key ${saved.checkpoint.keyId} is not one of this installation's signing keys`);
  }
  const requested = streamOption(opts.practice);
  const jobs = jobsOption(opts.jobs);
  if (saved && requested && requested !== saved.checkpoint.streamId) {
    throw new AuditCommandError(`--checkpoint is for stream ${saved.checkpoint.streamId}, not ${requested}`);
  }
  const only = requested ?? saved?.checkpoint.streamId;
  const streams = only ? [only] : await auditStreams(db);
  let events = 0;
  for (const streamId of streams) {
    const bar = opts.progress ? new cliProgress.SingleBar({ format: `verify ${streamId} [{bar}] {value}/{total}`, clearOnComplete: true }, cliProgress.Presets.shades_classic) : null;
    bar?.start(1, 0);
    const r = await verifyStream(db, streamId, {
      publicKeyFor: signer.publicKeyFor,
      saved: saved && saved.checkpoint.streamId === streamId ? saved : null,
      ...(jobs !== undefined ? { jobs } : {}),
      onProgress: (checked, total) => {
        bar?.setTotal(total);
        bar?.update(checked);
      },
    });
    bar?.stop();
    if (!r.ok) {
      const where = [r.failure?.seq != null ? `seq ${r.failure.seq}` : null, r.failure?.eventId ? `event ${r.failure.eventId}` : null].filter(Boolean).join(', ');
      print(`FAIL ${streamId}${where ? ` (${where})` : ''}: ${r.failure?.reason ?? 'unknown'}`);
      return 1;
    }
    print(`ok   ${streamId}: ${describe(r)}`);
    events += r.sealed;
  }
  print(`OK: ${streams.length} stream(s), ${events} sealed events verified`);
  return 0;
}

/** `confidant audit checkpoint`: seals, signs the head if it has no checkpoint, prints or writes the file. */
export async function auditCheckpoint(db: Database, signer: CheckpointSigner, opts: { practice?: string; out?: string }, print: (line: string) => void): Promise<number> {
  const streamId = streamOption(opts.practice) ?? INSTALLATION_STREAM_ID;
  const cp = await currentCheckpoint(db, streamId, signer);
  if (!cp) {
    print(`stream ${streamId} has no sealed events yet: no checkpoint to issue`);
    return 1;
  }
  const key = signer.publicKeyFor(cp.keyId);
  if (!key) throw new AuditCommandError(`the newest checkpoint is signed with key ${cp.keyId}, which this installation no longer has`);
  const text = JSON.stringify(toCheckpointFile(cp, key), null, 2) + '\n';
  if (opts.out) {
    writeFileSync(opts.out, text);
    print(`checkpoint of stream ${streamId} at seq ${cp.seq} written to ${opts.out}`);
  } else {
    print(text.trimEnd());
  }
  return 0;
}

/** `confidant audit seal`: seals every queued event now (the server's sealer does this every few seconds). */
export async function auditSeal(db: Database, print: (line: string) => void): Promise<number> {
  let total = 0;
  for (const streamId of await auditStreams(db)) {
    const r = await sealStream(db, streamId);
    if (r.busy) print(`${streamId}: another sealer is working on it`);
    total += r.sealed;
  }
  print(`${total} event(s) sealed`);
  return 0;
}

async function withAuditDeps(run: (db: Database, signer: CheckpointSigner) => Promise<number>): Promise<number> {
  const config = loadConfig();
  const { keyring } = await openKeyring(config, { create: false });
  const signer = signerFromKeyring(keyring);
  const db = await openDatabase(config.database);
  try {
    return await run(db, signer);
  } finally {
    await db.close();
  }
}

const print = (line: string): void => console.log(line);

export function registerAuditCommands(program: Command, fail: (err: unknown) => never): void {
  const exit = (p: Promise<number>): Promise<void> =>
    p.then(
      (code) => process.exit(code),
      (err: unknown) => {
        if (err instanceof AuditCommandError || err instanceof CheckpointFileError) {
          console.error(err.message);
          process.exit(1);
        }
        fail(err);
      },
    );
  const audit = program.command('audit').description('tamper-evident audit trail: verify, checkpoint, seal');
  audit
    .command('verify')
    .description('recompute the seal and check every checkpoint; prints OK with counts or the first bad event')
    .option('--practice <id>', 'one practice (uuid), or "installation"')
    .option('--checkpoint <file>', 'a checkpoint saved earlier: prove the current log extends it')
    .option('--jobs <n>', 'seq ranges checked side by side on PostgreSQL (default: half the CPUs available, within DATABASE_POOL_SIZE); 1 = one after another')
    .action((o: { practice?: string; checkpoint?: string; jobs?: string }) =>
      exit(withAuditDeps((db, signer) => auditVerify(db, signer, { ...o, progress: process.stderr.isTTY }, print))),
    );
  audit
    .command('checkpoint')
    .description('issue (if needed) and print a signed checkpoint a customer can keep')
    .option('--practice <id>', 'one practice (uuid); default the installation stream')
    .option('--out <file>', 'write the checkpoint JSON to this file')
    .action((o: { practice?: string; out?: string }) => exit(withAuditDeps((db, signer) => auditCheckpoint(db, signer, o, print))));
  audit
    .command('seal')
    .description('seal every queued audit event now')
    .action(() => exit(withAuditDeps((db) => auditSeal(db, print))));
}
