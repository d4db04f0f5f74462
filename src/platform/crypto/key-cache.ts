import type { PracticeKeys } from './data-keys.js';

export interface KeyCacheOptions {
  /** How long unwrapped keys stay in memory; a destroyed or rotated key is forgotten after this at the latest. */
  ttlMs?: number;
  maxPractices?: number;
  now?: () => number;
}

export const DEFAULT_KEY_TTL_MS = 5 * 60 * 1000;

/**
 * Unwrapped practice keys with a bounded lifetime and count. Evicted keys are dropped, not zeroed: a
 * request that loaded them may still be about to use them, and zeroing under it would encrypt with a
 * key of zeros. (JavaScript cannot reliably erase memory anyway; the bound is the lifetime.)
 */
export class KeyCache {
  private readonly entries = new Map<string, { keys: PracticeKeys; expires: number }>();
  private readonly ttlMs: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(opts: KeyCacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? DEFAULT_KEY_TTL_MS;
    this.max = opts.maxPractices ?? 1000;
    this.now = opts.now ?? Date.now;
  }

  get(practiceId: string): PracticeKeys | undefined {
    const e = this.entries.get(practiceId);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.delete(practiceId);
      return undefined;
    }
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(practiceId);
    this.entries.set(practiceId, e);
    return e.keys;
  }

  set(practiceId: string, keys: PracticeKeys): void {
    this.delete(practiceId);
    this.entries.set(practiceId, { keys, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(practiceId: string): void {
    const e = this.entries.get(practiceId);
    if (!e) return;
    this.entries.delete(practiceId);
  }

  clear(): void {
    for (const id of [...this.entries.keys()]) this.delete(id);
  }
}
