import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/platform/db/database.js';
import { openTestDatabase } from '../support/db.js';
import { openTestKeyring } from '../support/keyring.js';

const HTML = '<!doctype html><title>Confidant</title><script type="module" src="/assets/index-abc123.js"></script>';
const html = { accept: 'text/html,application/xhtml+xml' };

describe('the web app served at /', () => {
  let db: Database;
  let app: FastifyInstance;
  let bare: FastifyInstance;

  beforeAll(async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'confidant-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), HTML);
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'export {};');
    writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(path.dirname(root), 'outside-the-build.txt'), 'secret');
    db = await openTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const keyring = await openTestKeyring(db);
    app = await buildApp({ config, db, logger: pino({ level: 'silent' }), keyring, webRoot: root });
    await app.ready();
    bare = await buildApp({ config, db, logger: pino({ level: 'silent' }), keyring, webRoot: path.join(root, 'no-build-here') });
    await bare.ready();
  });
  afterAll(async () => {
    await app?.close();
    await bare?.close();
    await db?.close();
  });

  it('serves index.html with the strict CSP, revalidated on every load', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(HTML);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('answers a deep link of the app with index.html (SPA fallback), query string and all', async () => {
    for (const url of ['/practice/members', '/admin/practices?x=1', '/login?signedOut=idle']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(HTML);
    }
  });

  it('serves hashed assets for a year and other build files without long caching', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    const svg = await app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['cache-control']).not.toContain('immutable');
  });

  it('keeps API misses problem+json, even for a browser asking for HTML', async () => {
    for (const url of ['/api/nothing-here', '/api']) {
      const res = await app.inject({ method: 'GET', url, headers: html });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const wrongMethod = await app.inject({ method: 'POST', url: '/api/session', headers: { 'x-confidant-csrf': '1' } });
    expect(wrongMethod.statusCode).toBe(405);
  });

  it('does not fall back for non-HTML requests, other methods, or paths outside the build', async () => {
    const missingAsset = await app.inject({ method: 'GET', url: '/assets/missing.js', headers: { accept: '*/*' } });
    expect(missingAsset.statusCode).toBe(404);
    expect(missingAsset.headers['content-type']).toMatch(/problem\+json/);
    const post = await app.inject({ method: 'POST', url: '/practice/members', headers: { ...html, 'x-confidant-csrf': '1' } });
    expect(post.statusCode).toBe(404);
    for (const url of ['/../outside-the-build.txt', '/%2e%2e/outside-the-build.txt', '/assets/..%2f..%2foutside-the-build.txt']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: '*/*' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).not.toContain('secret');
    }
  });

  it('without a build, serves the API only', async () => {
    const res = await bare.inject({ method: 'GET', url: '/', headers: html });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect((await bare.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});
