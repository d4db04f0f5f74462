import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PracticeKeys } from './data-keys.js';
import { KeyCache } from './key-cache.js';

const keys = (): PracticeKeys => {
  const data = { version: 1, key: randomBytes(32) };
  return { activeData: data, data: new Map([[1, data.key]]), index: { version: 1, key: randomBytes(32) } };
};

describe('key cache', () => {
  it('forgets keys after their lifetime', () => {
    let now = 0;
    const cache = new KeyCache({ ttlMs: 1000, now: () => now });
    const k = keys();
    cache.set('p', k);
    now = 999;
    expect(cache.get('p')).toBe(k);
    now = 1000;
    expect(cache.get('p')).toBeUndefined();
  });

  it('holds at most maxPractices, dropping the least recently used', () => {
    const cache = new KeyCache({ maxPractices: 2 });
    cache.set('a', keys());
    cache.set('b', keys());
    cache.get('a');
    cache.set('c', keys());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('replacing an entry leaves keys already handed out intact', () => {
    const cache = new KeyCache();
    const first = keys();
    const copy = Buffer.from(first.activeData.key);
    cache.set('p', first);
    cache.set('p', keys());
    cache.delete('p');
    expect(first.activeData.key.equals(copy)).toBe(true);
  });
});
