import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../support/db.js';
import type { Database } from '../../src/platform/db/database.js';
import { buildTestApp, syntheticEmail, TestClock } from '../support/identity.js';

const REDIS_URL = process.env.CONFIDANT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisAnswers(): Promise<boolean> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
const hasRedis = await redisAnswers();
if (!hasRedis) console.warn(`SKIPPED: no Redis at ${REDIS_URL}; the shared rate-limit store test did not run.`);

let db: Database;
const clock = new TestClock();
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db.close();
});

describe.skipIf(!hasRedis)('per-IP rate limit with REDIS_URL', () => {
  it('is shared by two app instances through Redis', async () => {
    const a = await buildTestApp(db, clock, { REDIS_URL }, 4);
    const b = await buildTestApp(db, clock, { REDIS_URL }, 4);
    // A fresh address per run so earlier runs' counters in Redis do not interfere.
    const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const hit = (app: typeof a) =>
      app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: ip, headers: { 'content-type': 'application/json', 'x-confidant-csrf': '1' }, payload: JSON.stringify({ email: syntheticEmail(randomUUID().slice(0, 4)), password: 'Whatever-Password-1' }) });
    try {
      const codes = [await hit(a), await hit(b), await hit(a), await hit(b), await hit(a), await hit(b)].map((r) => r.statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
