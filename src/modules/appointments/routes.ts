import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import { Uuid } from '../accounts/schemas.js';
import { createAppointment, getAppointment, listAppointments, MODALITIES, updateAppointment } from './service.js';

export interface AppointmentRoutesDeps {
  db: Database;
  cipher: FieldCipher;
  now: () => Date;
}

const Instant = z.iso.datetime({ offset: true, error: 'expected a date-time with offset, e.g. 2026-03-02T15:00:00Z' });
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
/** Free text that may name a place or carry a meeting link: encrypted, so length-limited only. */
const Location = z.string().trim().min(1).max(500);

const NewAppointment = z
  .object({ clientId: Uuid, clinicianId: Uuid, startsAt: Instant, endsAt: Instant, modality: z.enum(MODALITIES), location: Location.optional() })
  .strict();
const Change = z
  .object({
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    modality: z.enum(MODALITIES).optional(),
    location: Location.nullable().optional(),
    status: z.enum(['completed', 'cancelled', 'no_show']).optional(),
  })
  .strict();
const DayQuery = z.object({
  day: z.iso.date({ error: 'expected a date as YYYY-MM-DD' }),
  clinicianId: Uuid.optional(),
  tz: z.string().refine((tz) => TIME_ZONES.has(tz), { error: 'expected an IANA time zone, e.g. America/Chicago' }).default('UTC'),
});

/**
 * Scheduling: owners and staff book for any clinician, clinicians for themselves; calendars by day
 * and clinician. `appointment` in can() admits owner, clinician and staff; what each sees of the
 * client is decided per appointment by the client's own rule (service.ts).
 */
export const appointmentRoutes: FastifyPluginAsyncZod<AppointmentRoutesDeps> = async (app, deps) => {
  const svc = { db: deps.db, cipher: deps.cipher, names: app.ciphers.installation, now: deps.now };

  app.post(
    '/api/practice/appointments',
    { schema: { tags: ['appointments'], summary: 'Book an appointment (409 if the clinician is already booked then)', body: NewAppointment }, config: { access: { action: 'create', resource: 'appointment', phi: true } } },
    async (request, reply) => reply.code(201).send(await createAppointment(svc, requireActor(request), request.body)),
  );

  app.get(
    '/api/practice/appointments',
    { schema: { tags: ['appointments'], summary: 'A day\'s calendar, of one clinician or all (clinicians: their own)', querystring: DayQuery }, config: { access: { action: 'read', resource: 'appointment', phi: true } } },
    async (request) => ({ appointments: await listAppointments(svc, requireActor(request), request.query) }),
  );

  app.get(
    '/api/practice/appointments/:appointmentId',
    { schema: { tags: ['appointments'], summary: 'One appointment', params: z.object({ appointmentId: Uuid }) }, config: { access: { action: 'read', resource: 'appointment', phi: true } } },
    async (request) => getAppointment(svc, requireActor(request), request.params.appointmentId),
  );

  app.patch(
    '/api/practice/appointments/:appointmentId',
    {
      schema: { tags: ['appointments'], summary: 'Reschedule, change modality or location, or mark completed, cancelled or no-show', params: z.object({ appointmentId: Uuid }), body: Change },
      config: { access: { action: 'update', resource: 'appointment', phi: true } },
    },
    async (request) => updateAppointment(svc, requireActor(request), request.params.appointmentId, request.body),
  );
};
