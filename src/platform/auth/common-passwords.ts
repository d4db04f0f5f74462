import { createRequire } from 'node:module';

/**
 * The common-password list shipped offline by @zxcvbn-ts/language-common (MIT): 49,233 passwords
 * ranked by frequency in public breach corpora. No network is ever used. Loaded once per process on
 * first use (a read-only lookup table, not state).
 */
let list: ReadonlySet<string> | null = null;

function load(): ReadonlySet<string> {
  if (!list) {
    const require = createRequire(import.meta.url);
    const words = require('@zxcvbn-ts/language-common/src/passwords.json') as string[];
    list = new Set(words.map((w) => w.toLowerCase()));
  }
  return list;
}

export function isCommonPassword(password: string): boolean {
  return load().has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return load().size;
}
