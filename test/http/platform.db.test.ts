import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Database } from '../../src/platform/db/database.js';
import { buildTestApp } from '../support/app.js';
import { openTestDatabase } from '../support/db.js';

let db: Database;
let app: FastifyInstance;
const logLines: string[] = [];

const SECRET_MARKER = 'synthetic-secret-7f3a';

beforeAll(async () => {
  db = await openTestDatabase();
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  app = await buildTestApp(db, {
    logger: pino({ level: 'info' }, sink),
    env: { CONFIDANT_BODY_LIMIT: '2048', CONFIDANT_CORS_ORIGINS: 'https://portal.example.test' },
    extend: (a) => {
      const z4 = a.withTypeProvider<ZodTypeProvider>();
      z4.post(
        '/api/test/echo',
        { schema: { body: z.object({ name: z.string().min(1).max(10), count: z.number().int().min(0) }) }, config: { public: true } },
        async (req) => ({ ok: true, count: req.body.count }),
      );
      z4.get('/api/test/boom', { config: { public: true } }, async () => {
        throw new Error(`database said: duplicate value ${SECRET_MARKER}`);
      });
      z4.get('/api/test/items/:id', { config: { public: true } }, async () => ({ ok: true }));
    },
  });
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const SECURITY_HEADERS: Record<string, RegExp> = {
  'content-security-policy': /default-src 'self'.*frame-ancestors 'none'/,
  'x-frame-options': /^DENY$/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /^no-referrer$/,
  'permissions-policy': /camera=\(\).*microphone=\(\).*geolocation=\(\)/,
  'cross-origin-opener-policy': /^same-origin$/,
};

function expectSecurityHeaders(headers: Record<string, unknown>): void {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) expect(String(headers[name]), name).toMatch(pattern);
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
}

describe('security headers', () => {
  it('are present on a normal response, without HSTS over plain HTTP', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expectSecurityHeaders(res.headers);
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it.each([
    ['404', 'GET', '/no/such/path'],
    ['405', 'DELETE', '/health'],
    ['500', 'GET', '/api/test/boom'],
  ])('are present on an error response (%s)', async (_label, method, url) => {
    const res = await app.inject({ method: method as 'GET', url });
    expectSecurityHeaders(res.headers);
  });

  it('every /api response says no-store, including errors', async () => {
    for (const url of ['/api/test/items/1', '/api/test/boom', '/api/nothing-here', '/api/docs/json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['cache-control'], url).toBe('no-store');
    }
  });

  it('CORS is closed except for the configured origins', async () => {
    const allowed = await app.inject({ method: 'OPTIONS', url: '/api/test/echo', headers: { origin: 'https://portal.example.test', 'access-control-request-method': 'POST' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.example.test');
    const other = await app.inject({ method: 'OPTIONS', url: '/api/test/echo', headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('problem+json', () => {
  function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, slug: string): Record<string, unknown> {
    expect(res.statusCode).toBe(status);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    const body = res.json() as Record<string, unknown>;
    expect(body).toMatchObject({ type: `urn:confidant:problem:${slug}`, status });
    expect(typeof body.title).toBe('string');
    expect(String(body.instance)).toMatch(/^urn:confidant:request:/);
    return body;
  }

  it('validation errors name each field', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/test/echo', payload: { name: '', count: -1 } });
    const body = expectProblem(res, 400, 'validation');
    const fields = (body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body/count', 'body/name']);
  });

  it('malformed JSON is a 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/test/echo', payload: '{"name": ', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400, 'malformed-body');
  });

  it('an unknown path is a 404', async () => {
    expectProblem(await app.inject({ method: 'GET', url: '/api/nothing-here' }), 404, 'not-found');
  });

  it('a known path with the wrong method is a 405 with Allow', async () => {
    const res = await app.inject({ method: 'PUT', url: '/api/test/items/42' });
    const body = expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toContain('GET');
    expect(body.allow).toContain('GET');
  });

  it('a body over the limit is a 413', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/test/echo', payload: { name: 'x'.repeat(5000), count: 1 } });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('an unsupported media type is a 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/test/echo', payload: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectProblem(res, 415, 'unsupported-media-type');
  });

  it('a 500 shows neither the stack nor the error message, and the log keeps no message either', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/boom' });
    const body = expectProblem(res, 500, 'internal');
    expect(res.body).not.toContain(SECRET_MARKER);
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    expect(Object.keys(body).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expect(logLines.join('')).not.toContain(SECRET_MARKER);
    expect(logLines.some((l) => l.includes('unhandled error'))).toBe(true);
  });
});

describe('request logs', () => {
  it('carry the route pattern, never the raw URL, query string or body', async () => {
    logLines.length = 0;
    await app.inject({ method: 'GET', url: '/api/test/items/client-7f3a?email=synthetic.person@example.test' });
    await app.inject({ method: 'POST', url: '/api/test/echo', payload: { name: 'Synthetic', count: 1 } });
    const all = logLines.join('');
    expect(all).toContain('"route":"/api/test/items/:id"');
    expect(all).not.toContain('client-7f3a');
    expect(all).not.toContain('synthetic.person');
    expect(all).not.toContain('Synthetic');
    const line = JSON.parse(logLines.find((l) => l.includes('/api/test/items/:id')) ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({ method: 'GET', status: 200 });
    expect(typeof line.requestId).toBe('string');
    expect(typeof line.ms).toBe('number');
  });

  it('keeps a well-formed upstream request id and replaces a suspicious one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'upstream-abc-12345' } });
    expect(kept.headers['x-request-id']).toBe('upstream-abc-12345');
    const replaced = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': '<script>alert(1)</script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('OpenAPI', () => {
  it('serves the document and the UI', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json() as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
    const ui = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  });
});

describe('/ready', () => {
  it('is 200 when the database answers and migrations are current, 503 once the database is gone', async () => {
    const own = await openTestDatabase();
    const a = await buildTestApp(own);
    try {
      expect((await a.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
      await own.close();
      const res = await a.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', reason: 'database not reachable' });
      expect((await a.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    } finally {
      await a.close();
    }
  });
});
