import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { DocumentRouteDeps } from './document-routes.js';
import { registerDocumentRoutes } from './document-routes.js';
import { NoteFormatSchema } from './formats.js';
import { presentNoteExtras, PROGRESS_NOTES } from './progress-notes.js';
import { registerRecordExportRoute } from './record-export-route.js';

const AppointmentId = z.uuid({ error: 'expected an appointment id (uuid)' }).nullable();
const Part2 = z.boolean({ error: 'expected true or false (42 CFR Part 2 substance-use-disorder record)' });

/** Progress notes (/api/practice/clients/:clientId/notes...) and the client record export. */
export const noteRoutes: FastifyPluginAsync<DocumentRouteDeps> = async (app, deps) => {
  registerDocumentRoutes(app, deps, {
    kind: PROGRESS_NOTES,
    basePath: '/api/practice/clients/:clientId/notes',
    idParam: 'noteId',
    tag: 'notes',
    noun: 'progress note',
    createBody: z.object({
      format: NoteFormatSchema,
      content: z.record(z.string(), z.unknown(), { error: 'expected the sections as an object' }).default({}),
      appointmentId: AppointmentId.optional(),
      part2: Part2.optional(),
    }),
    toCreate: (b) => ({ format: b.format, content: b.content, extras: { appointment_id: b.appointmentId ?? null, part2: b.part2 ?? false } }),
    saveExtras: { appointmentId: AppointmentId.optional(), part2: Part2.optional() },
    extrasOf: (b) => ({ appointment_id: b.appointmentId, part2: b.part2 }),
    present: presentNoteExtras,
  });
  registerRecordExportRoute(app, deps);
};
