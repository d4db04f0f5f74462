import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { withPracticeTx } from '../db/practice-tx.js';
import type { PracticeTx } from '../db/practice-tx.js';
import { SYSTEM_ROLE, lastSeal, sealStream } from './seal.js';
import type { CheckpointSigner } from './signer.js';
import { checkpointMessage, keyIdFor, verifyCheckpointSignature } from './signer.js';

export interface Checkpoint {
  streamId: string;
  seq: number;
  rootHash: Buffer;
  signedAt: Date;
  keyId: string;
  signature: Buffer;
}

interface CheckpointRow {
  seq: number;
  root: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

const fromRow = (streamId: string, r: CheckpointRow): Checkpoint => ({
  streamId,
  seq: Number(r.seq),
  rootHash: Buffer.from(r.root, 'hex'),
  signedAt: new Date(r.signed_at),
  keyId: r.key_id,
  signature: Buffer.from(r.signature, 'hex'),
});

/** Every stored checkpoint of the transaction's stream, oldest first. */
export async function storedCheckpoints(tx: PracticeTx): Promise<Checkpoint[]> {
  const rows = await tx.rows<CheckpointRow>(sql`
    select seq, encode(root_hash, 'hex') as root, signed_at, key_id, encode(signature, 'hex') as signature
    from audit_checkpoints where practice_id = ${tx.practiceId} order by seq`);
  return rows.map((r) => fromRow(tx.practiceId, r));
}

export async function latestCheckpoint(tx: PracticeTx): Promise<Checkpoint | null> {
  const [row] = await tx.rows<CheckpointRow>(sql`
    select seq, encode(root_hash, 'hex') as root, signed_at, key_id, encode(signature, 'hex') as signature
    from audit_checkpoints where practice_id = ${tx.practiceId} order by seq desc limit 1`);
  return row ? fromRow(tx.practiceId, row) : null;
}

/**
 * Signs the stream's current seal head unless it already has a checkpoint. `minIntervalMs` keeps a
 * busy stream from getting one checkpoint per sealer run. Returns the newest checkpoint, or null
 * while nothing is sealed.
 */
export async function issueCheckpoint(
  db: Database,
  streamId: string,
  signer: CheckpointSigner,
  opts: { now?: Date; minIntervalMs?: number } = {},
): Promise<Checkpoint | null> {
  const now = opts.now ?? new Date();
  return withPracticeTx(db, { practiceId: streamId, userId: null, role: SYSTEM_ROLE }, async (tx) => {
    const head = await lastSeal(tx);
    const latest = await latestCheckpoint(tx);
    if (head.seq === 0) return latest;
    if (latest && latest.seq >= head.seq) return latest;
    if (latest && opts.minIntervalMs && now.getTime() - latest.signedAt.getTime() < opts.minIntervalMs) return latest;
    // Milliseconds only: the signed time must survive the timestamptz round trip unchanged.
    const signedAt = new Date(Math.floor(now.getTime()));
    const fields = { streamId, seq: head.seq, rootHash: head.chain, signedAt, keyId: signer.keyId };
    const signature = signer.sign(checkpointMessage(fields));
    const inserted = await tx.rows<CheckpointRow>(sql`
      insert into audit_checkpoints (practice_id, seq, root_hash, signed_at, key_id, signature)
      values (${streamId}, ${head.seq}, decode(${head.chain.toString('hex')}, 'hex'), ${signedAt.toISOString()}::timestamptz,
              ${signer.keyId}, decode(${signature.toString('hex')}, 'hex'))
      on conflict (practice_id, seq) do nothing
      returning seq, encode(root_hash, 'hex') as root, signed_at, key_id, encode(signature, 'hex') as signature`);
    const row = inserted[0];
    return row ? fromRow(streamId, row) : latestCheckpoint(tx);
  });
}

/** Seals what is queued and returns a checkpoint of the stream's head (issuing one if the head has none). */
export async function currentCheckpoint(db: Database, streamId: string, signer: CheckpointSigner, now?: Date): Promise<Checkpoint | null> {
  await sealStream(db, streamId);
  return issueCheckpoint(db, streamId, signer, now ? { now } : {});
}

/** The file a customer keeps: everything needed to check the signature offline. */
export interface CheckpointFile {
  format: 'confidant-audit-checkpoint';
  version: 1;
  stream: string;
  seq: number;
  root: string;
  time: string;
  keyId: string;
  signature: string;
  publicKey: string;
}

export function toCheckpointFile(cp: Checkpoint, publicKey: KeyObject): CheckpointFile {
  return {
    format: 'confidant-audit-checkpoint',
    version: 1,
    stream: cp.streamId,
    seq: cp.seq,
    root: cp.rootHash.toString('hex'),
    time: cp.signedAt.toISOString(),
    keyId: cp.keyId,
    signature: cp.signature.toString('base64'),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

const checkpointFileSchema = z.object({
  format: z.literal('confidant-audit-checkpoint'),
  version: z.literal(1),
  stream: z.guid(),
  seq: z.number().int().min(1),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  time: z.iso.datetime(),
  keyId: z.string().min(1).max(100),
  signature: z.base64(),
  publicKey: z.string().includes('BEGIN PUBLIC KEY'),
});

export class CheckpointFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFileError';
  }
}

/**
 * Parses a saved checkpoint and checks its signature with the public key it carries. Whether that
 * key is the installation's is the caller's question (verify reports it).
 */
export function parseCheckpointFile(text: string): { checkpoint: Checkpoint; publicKey: KeyObject } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CheckpointFileError('checkpoint file is not JSON');
  }
  const parsed = checkpointFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CheckpointFileError(`checkpoint file: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  const f = parsed.data;
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(f.publicKey);
  } catch {
    throw new CheckpointFileError('checkpoint file: publicKey is not a PEM public key');
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new CheckpointFileError('checkpoint file: publicKey is not an Ed25519 key');
  if (keyIdFor(publicKey) !== f.keyId) throw new CheckpointFileError('checkpoint file: keyId does not match publicKey');
  const checkpoint: Checkpoint = {
    streamId: f.stream,
    seq: f.seq,
    rootHash: Buffer.from(f.root, 'hex'),
    signedAt: new Date(f.time),
    keyId: f.keyId,
    signature: Buffer.from(f.signature, 'base64'),
  };
  if (checkpoint.signedAt.toISOString() !== f.time) throw new CheckpointFileError('checkpoint file: time must be ISO 8601 UTC with milliseconds');
  if (!verifyCheckpointSignature(checkpoint, checkpoint.signature, publicKey)) throw new CheckpointFileError('checkpoint file: signature does not verify');
  return { checkpoint, publicKey };
}
