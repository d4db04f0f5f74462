import type { PhiType } from './types.js';

export interface VaultSnapshot {
  entries: Array<{ token: string; type: PhiType; original: string }>;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function normalise(type: PhiType, value: string): string {
  if (type === 'NAME' || type === 'LOCATION' || type === 'EMAIL' || type === 'URL' || type === 'ADDRESS') {
    return type + ':' + value.toLowerCase().replace(/\s+/g, ' ').trim();
  }
  return type + ':' + value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/**
 * The reversible map of pseudonymize mode. The caller keeps it (in memory or encrypted at rest),
 * sends only tokens such as "[NAME_1]" to an AI provider, and restores the answer with it.
 * It never leaves the process on its own.
 */
export class PseudonymVault {
  private readonly byKey = new Map<string, string>();
  private readonly originals = new Map<string, { type: PhiType; original: string }>();
  private readonly counters = new Map<PhiType, number>();
  private pattern: RegExp | undefined;

  /** The stable token for a value: the same value (any case or spacing) gets the same token. */
  tokenFor(type: PhiType, original: string): string {
    const key = normalise(type, original);
    const existing = this.byKey.get(key);
    if (existing !== undefined) return existing;
    const n = (this.counters.get(type) ?? 0) + 1;
    this.counters.set(type, n);
    const token = `[${type}_${n}]`;
    this.byKey.set(key, token);
    this.originals.set(token, { type, original });
    this.pattern = undefined;
    return token;
  }

  /** Records a surrogate so that restore() can also undo surrogate mode. */
  record(type: PhiType, replacement: string, original: string): void {
    if (!this.originals.has(replacement)) {
      this.originals.set(replacement, { type, original });
      this.pattern = undefined;
    }
  }

  get size(): number {
    return this.originals.size;
  }

  /** Puts the original values back into a text that carries tokens or recorded surrogates. */
  restore(text: string): string {
    if (this.originals.size === 0) return text;
    if (!this.pattern) {
      const keys = [...this.originals.keys()].sort((a, b) => b.length - a.length).map(escape);
      this.pattern = new RegExp(keys.join('|'), 'g');
    }
    return text.replace(this.pattern, (t) => this.originals.get(t)?.original ?? t);
  }

  toJSON(): VaultSnapshot {
    return { entries: [...this.originals].map(([token, v]) => ({ token, type: v.type, original: v.original })) };
  }

  static fromJSON(snapshot: VaultSnapshot): PseudonymVault {
    const vault = new PseudonymVault();
    for (const e of snapshot.entries) {
      vault.originals.set(e.token, { type: e.type, original: e.original });
      const m = /^\[([A-Z_]+)_(\d+)\]$/.exec(e.token);
      if (m) {
        vault.byKey.set(normalise(e.type, e.original), e.token);
        vault.counters.set(e.type, Math.max(vault.counters.get(e.type) ?? 0, Number(m[2])));
      }
    }
    return vault;
  }
}
