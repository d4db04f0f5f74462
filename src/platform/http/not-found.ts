import type { FastifyInstance, HTTPMethods } from 'fastify';
import FindMyWay from 'find-my-way';
import { sendProblem } from './error-handler.js';
import { MethodNotAllowedProblem, NotFoundProblem } from './problem.js';
import type { NotFoundFallback } from './static-app.js';

/**
 * Fastify answers a known path with an unknown method as a plain 404; a client deserves 405 and the
 * Allow header. A shadow router of every registered route tells the two apart.
 */
export function registerNotFound(app: FastifyInstance, opts: { fallback?: NotFoundFallback | null } = {}): void {
  const shadow = FindMyWay({ ignoreTrailingSlash: false });
  app.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]) as HTTPMethods[];
    for (const m of methods) {
      try {
        shadow.on(m.toUpperCase() as Parameters<typeof shadow.on>[0], route.url, () => undefined);
      } catch {
        // The same method and path registered twice (HEAD alongside GET): already known.
      }
    }
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    // OPTIONS is answered for every path (CORS preflight), so it says nothing about whether the path exists.
    const allowed = (['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter((m) => shadow.find(m, path) !== null);
    if (allowed.length > 0 && !allowed.includes(request.method as (typeof allowed)[number])) {
      return sendProblem(reply, new MethodNotAllowedProblem(allowed));
    }
    // The web app's files and its client-side routes (static-app.ts); never an /api path.
    if (opts.fallback?.(request, reply)) return reply;
    return sendProblem(reply, new NotFoundProblem());
  });
}
