import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.js';
import { migrationStatus } from '../../platform/db/migrate.js';

export interface HealthDeps {
  db: Database;
}

const Ok = z.object({ status: z.literal('ok') });
const NotReady = z.object({ status: z.literal('unavailable'), reason: z.string() });

/** Liveness for the process; readiness for the database and the schema under it. */
export const healthRoutes: FastifyPluginAsyncZod<HealthDeps> = async (app, { db }) => {
  app.get('/health', { schema: { tags: ['operations'], summary: 'The process is up', response: { 200: Ok } }, config: { public: true } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/ready',
    { schema: { tags: ['operations'], summary: 'The database answers and migrations are current', response: { 200: Ok, 503: NotReady } }, config: { public: true } },
    async (_request, reply) => {
      try {
        const status = await migrationStatus(db);
        if (!status.current) {
          return reply.code(503).send({ status: 'unavailable' as const, reason: `schema at version ${status.appliedVersion}, expected ${status.expectedVersion}` });
        }
        return { status: 'ok' as const };
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, reason: 'database not reachable' });
      }
    },
  );
};
