import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { enterRequestContext } from './request-context.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** An upstream proxy's id is kept when it is a plain token, so traces join up; anything else is replaced. */
export function generateRequestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * One log line per request: method, route pattern (never the raw URL, whose path or query can carry
 * identifiers), status, time, request id and actor id. Bodies are never logged.
 */
export function registerRequestLogging(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    enterRequestContext({ requestId: request.id, ip: request.ip ?? null, userAgent: headerValue(request, 'user-agent') });
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(unmatched)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        actor: (request as FastifyRequest & { actorId?: string }).actorId ?? null,
      },
      'request',
    );
  });
}

function headerValue(request: FastifyRequest, name: string): string | null {
  const v = request.headers[name];
  return typeof v === 'string' ? v : null;
}
