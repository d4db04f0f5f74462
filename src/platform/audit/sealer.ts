import type { Database } from '../db/database.js';
import { issueCheckpoint } from './checkpoint.js';
import type { SealResult } from './seal.js';
import { auditStreams, pendingStreams, sealStream } from './seal.js';
import type { CheckpointSigner } from './signer.js';

export interface AuditSealerOptions {
  intervalMs: number;
  /** A busy stream gets at most one checkpoint per this interval; stop() always issues one. Default 5 minutes. */
  checkpointIntervalMs?: number;
  now?: () => Date;
  /** A failed run is reported here and retried on the next tick; the sealer never stops on its own. */
  onError?: (err: unknown) => void;
}

export interface AuditSealer {
  /** Seals every stream now and issues due checkpoints; concurrent calls share one run. */
  sealNow(opts?: { forceCheckpoint?: boolean }): Promise<SealResult[]>;
  /** Stops the timer, waits for a running pass, then seals and checkpoints one last time. */
  stop(): Promise<void>;
}

/**
 * The in-server sealer. Writers only insert; this takes each stream separately (its own
 * transactions and advisory lock), so no practice ever waits on another's writes.
 */
export function startAuditSealer(db: Database, signer: CheckpointSigner, opts: AuditSealerOptions): AuditSealer {
  const now = opts.now ?? ((): Date => new Date());
  const checkpointIntervalMs = opts.checkpointIntervalMs ?? 5 * 60_000;
  // Passes run one after another; a plain sealNow() while one runs joins it instead of queueing another.
  let queue: Promise<unknown> = Promise.resolve();
  let inFlight: Promise<SealResult[]> | null = null;
  let stopped = false;

  // Streams sealed since their last checkpoint; a throttled checkpoint is issued on a later pass.
  const dirty = new Set<string>();

  const pass = async (forceCheckpoint: boolean): Promise<SealResult[]> => {
    const results: SealResult[] = [];
    const streams = forceCheckpoint ? await auditStreams(db) : [...new Set([...(await pendingStreams(db)), ...dirty])];
    for (const streamId of streams) {
      const r = await sealStream(db, streamId);
      results.push(r);
      if (r.sealed > 0) dirty.add(streamId);
      if (r.lastSeq > 0 && (dirty.has(streamId) || forceCheckpoint)) {
        const cp = await issueCheckpoint(db, streamId, signer, { now: now(), minIntervalMs: forceCheckpoint ? 0 : checkpointIntervalMs });
        if (cp && cp.seq >= r.lastSeq) dirty.delete(streamId);
      }
    }
    return results;
  };

  const sealNow = (o: { forceCheckpoint?: boolean } = {}): Promise<SealResult[]> => {
    if (inFlight && !o.forceCheckpoint) return inFlight;
    const run = queue.then(() => pass(o.forceCheckpoint ?? false));
    const settle = (): void => {
      if (inFlight === run) inFlight = null;
    };
    queue = run.then(settle, settle);
    inFlight = run;
    return run;
  };

  const timer = setInterval(() => {
    if (stopped || inFlight) return;
    sealNow().catch((err: unknown) => opts.onError?.(err));
  }, opts.intervalMs);
  timer.unref();

  return {
    sealNow,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await sealNow({ forceCheckpoint: true });
    },
  };
}
