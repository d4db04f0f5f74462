import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuthRuntime } from '../../platform/auth/plugin.js';
import { requireActor } from '../../platform/auth/plugin.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';

const Settings = z.object({ sessionIdleMinutes: z.number().int() });

/** Settings of the active practice that identity owns: the idle timeout of its sessions (5-60 minutes). */
export const practiceSettingsRoutes: FastifyPluginAsyncZod<AuthRuntime> = async (app, { db }) => {
  app.get(
    '/api/practice/settings',
    { schema: { tags: ['identity'], summary: 'Session settings of the active practice', response: { 200: Settings } }, config: { access: { action: 'read', resource: 'practice' } } },
    async (request) =>
      withPracticeTx(db, practiceContextOf(requireActor(request)), async (tx) => {
        const [row] = await tx.rows<{ m: number }>(sql`select session_idle_minutes as m from practice_settings`);
        return { sessionIdleMinutes: row?.m ?? 15 };
      }),
  );

  app.patch(
    '/api/practice/settings',
    {
      schema: {
        tags: ['identity'],
        summary: 'Set the idle timeout of the practice\'s sessions (5-60 minutes; applies to sessions entering the practice from now on)',
        body: z.object({ sessionIdleMinutes: z.number().int().min(5).max(60) }),
        response: { 200: Settings },
      },
      config: { access: { action: 'update', resource: 'practice' } },
    },
    async (request) =>
      withPracticeTx(db, practiceContextOf(requireActor(request)), async (tx) => {
        await tx.rows(sql`update practice_settings set session_idle_minutes = ${request.body.sessionIdleMinutes}, updated_at = now()`);
        tx.audit({ action: 'update', resourceType: 'practice_settings', resourceId: tx.practiceId });
        return { sessionIdleMinutes: request.body.sessionIdleMinutes };
      }),
  );
};
