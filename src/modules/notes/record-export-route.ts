import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DocumentRouteDeps } from './document-routes.js';
import { documentEnvRunner } from './document-routes.js';
import { exportClientRecord } from './record-export.js';

const Query = z.object({
  includePart2: z.enum(['true', 'false'], { error: 'expected true or false' }).default('false'),
});

/** GET /api/practice/clients/:clientId/record-export: the right-of-access export (record-export.ts). */
export function registerRecordExportRoute(app: FastifyInstance, deps: DocumentRouteDeps): void {
  const run = documentEnvRunner(deps);
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/practice/clients/:clientId/record-export',
    {
      schema: {
        tags: ['notes'],
        summary: "The client's record (progress notes and treatment plans, signed and draft) as JSON; never psychotherapy notes; 42 CFR Part 2 notes only with includePart2=true",
        params: z.object({ clientId: z.uuid({ error: 'expected a client id (uuid)' }) }),
        querystring: Query,
      },
      config: { access: { action: 'export', resource: 'client', phi: true } },
    },
    async (request) => run(request, (env) => exportClientRecord({ ...env, purpose: 'client_request' }, request.params.clientId, { includePart2: request.query.includePart2 === 'true' })),
  );
}
