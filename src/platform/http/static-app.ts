import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Answers a request no route matched, or says it did not (false): then the API's 404/405 applies. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/** Every file of the build, as URL paths ("/assets/index-3f2a.js"); nothing else is ever served. */
function listFiles(root: string, dir = root, out = new Set<string>()): Set<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(root, full, out);
    else if (entry.isFile()) out.add(`/${path.relative(root, full).split(path.sep).join('/')}`);
  }
  return out;
}

function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('text/html');
}

/**
 * Serves the built web app (web/dist) at `/`. There are no routes for it: a GET that no API route
 * matched comes here from the not-found handler, so the auth hooks, the route table and the 405
 * logic see only the API, and `/api/...` misses stay problem+json. A file of the build is served as
 * it is (hashed assets cached for a year, since their names change with their content); any other
 * path that asks for HTML gets index.html, so the app's own router can answer deep links.
 * Only files listed at start-up are served, so no request path can reach outside the build.
 * Returns null when the directory holds no build (the API still runs).
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<NotFoundFallback | null> {
  const root = path.resolve(webRoot);
  let files: Set<string>;
  try {
    if (!statSync(path.join(root, 'index.html')).isFile()) return null;
    files = listFiles(root);
  } catch {
    return null;
  }
  await app.register(fastifyStatic, { root, serve: false, decorateReply: true });
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    const urlPath = request.url.split('?')[0] ?? '/';
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return false;
    if (urlPath !== '/' && urlPath !== '/index.html' && files.has(urlPath)) {
      const hashed = urlPath.startsWith('/assets/');
      void reply.sendFile(urlPath.slice(1), root, hashed ? { maxAge: 365 * 24 * 3600_000, immutable: true } : { maxAge: 0 });
      return true;
    }
    if (!wantsHtml(request)) return false;
    // index.html names the current hashed bundles: always revalidated, so a new build is picked up.
    void reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
    return true;
  };
}
