import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { DocumentRouteDeps } from '../notes/document-routes.js';
import { documentEnvRunner, metaView, registerDocumentRoutes } from '../notes/document-routes.js';
import { setMetadata } from '../notes/document-store.js';
import { grantNoteAccess, listNoteGrants, revokeNoteAccess } from './grants.js';
import { presentPsychotherapyExtras, PSYCHOTHERAPY_NOTES } from './note-kind.js';

const BASE = '/api/practice/clients/:clientId/psychotherapy-notes';
const AppointmentId = z.uuid({ error: 'expected an appointment id (uuid)' }).nullable();
const AiOptIn = z.boolean({ error: 'expected true or false (may AI process this note?)' });
const NoteParams = z.object({ clientId: z.uuid({ error: 'expected a client id (uuid)' }), noteId: z.uuid({ error: 'expected a note id (uuid)' }) });
const GrantParams = NoteParams.extend({ userId: z.uuid({ error: 'expected a user id (uuid)' }) });

/** Psychotherapy notes: their own routes, visible to the author and the author's grantees only. */
export const psychotherapyNoteRoutes: FastifyPluginAsync<DocumentRouteDeps> = async (app, deps) => {
  registerDocumentRoutes(app, deps, {
    kind: PSYCHOTHERAPY_NOTES,
    basePath: BASE,
    idParam: 'noteId',
    tag: 'psychotherapy-notes',
    noun: 'psychotherapy note',
    createBody: z.object({
      content: z.record(z.string(), z.unknown(), { error: 'expected the note as an object' }).default({}),
      appointmentId: AppointmentId.optional(),
      aiOptIn: AiOptIn.optional(),
    }),
    toCreate: (b) => ({ format: 'psychotherapy', content: b.content, extras: { appointment_id: b.appointmentId ?? null, ai_opt_in: b.aiOptIn ?? false } }),
    saveExtras: { appointmentId: AppointmentId.optional(), aiOptIn: AiOptIn.optional() },
    extrasOf: (b) => ({ appointment_id: b.appointmentId, ai_opt_in: b.aiOptIn }),
    present: presentPsychotherapyExtras,
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  const run = documentEnvRunner(deps);
  const read = { access: { action: 'read', resource: 'client', phi: true } } as const;
  const update = { access: { action: 'update', resource: 'client', phi: true } } as const;

  r.put(
    `${BASE}/:noteId/ai-opt-in`,
    {
      schema: { tags: ['psychotherapy-notes'], summary: 'The author allows or forbids AI processing of this note (also after signing: it governs use, not content)', params: NoteParams, body: z.object({ aiOptIn: AiOptIn }) },
      config: update,
    },
    async (request) => {
      const meta = await run(request, (env) => setMetadata(env, PSYCHOTHERAPY_NOTES, { clientId: request.params.clientId, documentId: request.params.noteId, column: 'ai_opt_in', value: request.body.aiOptIn }));
      return metaView(meta, presentPsychotherapyExtras);
    },
  );

  r.get(
    `${BASE}/:noteId/grants`,
    { schema: { tags: ['psychotherapy-notes'], summary: 'Who the author has let read this note', params: NoteParams, response: { 200: z.object({ grants: z.array(z.object({ userId: z.string(), grantedAt: z.string() })) }) } }, config: read },
    async (request) => ({
      grants: (await run(request, (env) => listNoteGrants(env, request.params.clientId, request.params.noteId))).map((g) => ({ userId: g.userId, grantedAt: g.grantedAt.toISOString() })),
    }),
  );

  r.put(
    `${BASE}/:noteId/grants/:userId`,
    { schema: { tags: ['psychotherapy-notes'], summary: 'The author lets a clinician or owner read this note (and its addenda and amendments)', params: GrantParams }, config: update },
    async (request, reply) => {
      await run(request, (env) => grantNoteAccess(env, request.params.clientId, request.params.noteId, request.params.userId));
      return reply.code(204).send();
    },
  );

  r.delete(
    `${BASE}/:noteId/grants/:userId`,
    { schema: { tags: ['psychotherapy-notes'], summary: 'The author withdraws a grant', params: GrantParams }, config: update },
    async (request, reply) => {
      await run(request, (env) => revokeNoteAccess(env, request.params.clientId, request.params.noteId, request.params.userId));
      return reply.code(204).send();
    },
  );
};
