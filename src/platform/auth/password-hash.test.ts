import { describe, expect, it } from 'vitest';
import { ARGON2_PARAMS, hashPassword, needsRehash, verifyPassword } from './password-hash.js';

describe('argon2id password hashes', () => {
  it('are argon2id with at least the OWASP parameters and verify only the right password', async () => {
    const phc = await hashPassword('Velvet-Harbor-Quartz-91');
    expect(phc).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    expect(ARGON2_PARAMS.memoryCost).toBeGreaterThanOrEqual(19456);
    expect(ARGON2_PARAMS.timeCost).toBeGreaterThanOrEqual(2);
    expect(await verifyPassword(phc, 'Velvet-Harbor-Quartz-91')).toBe(true);
    expect(await verifyPassword(phc, 'Velvet-Harbor-Quartz-92')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('asks for a rehash when the stored parameters are weaker than the current ones', async () => {
    const weak = await hashPassword('Velvet-Harbor-Quartz-91', { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash(await hashPassword('Velvet-Harbor-Quartz-91'))).toBe(false);
  });
});
