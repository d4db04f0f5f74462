import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/auth/plugin.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { Database } from '../../platform/db/database.js';
import { Uuid } from '../accounts/schemas.js';
import { createAppointment, getAppointment, listAppointments, listClientAppointments, MODALITIES, updateAppointment } from './service.js';

export interface AppointmentRoutesDeps {
  db: Database;
  cipher: FieldCipher;
  now: () => Date;
}

const Instant = z.iso.datetime({ offset: true, error: 'expected a date-time with offset, e.g. 2026-03-02T15:00:00Z' });
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

/** The canonical IANA name of a zone, aliases included (a browser on a UTC host reports Etc/UTC), or null. */
function canonicalZone(tz: string): string | null {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
    return TIME_ZONES.has(name) ? name : null;
  } catch {
    return null;
  }
}
const TimeZone = z
  .string()
  .max(64)
  .transform((tz, ctx) => {
    const name = canonicalZone(tz);
    if (!name) ctx.addIssue({ code: 'custom', message: 'expected an IANA time zone, e.g. America/Chicago' });
    return name ?? 'UTC';
  });
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
  tz: TimeZone.default('UTC'),
});
const IsoDay = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });
const SpanQuery = z
  .object({ from: IsoDay.optional(), to: IsoDay.optional(), tz: TimeZone.default('UTC') })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { error: 'must not be before from', path: ['to'] })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { error: 'a span of at most 400 days', path: ['to'] });

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
    '/api/practice/clients/:clientId/appointments',
    {
      schema: { tags: ['appointments'], summary: "One client's appointments between two days (inclusive; by default 90 days back to 180 ahead), for the chart", params: z.object({ clientId: Uuid }), querystring: SpanQuery },
      config: { access: { action: 'read', resource: 'appointment', phi: true } },
    },
    async (request) => ({ appointments: await listClientAppointments(svc, requireActor(request), request.params.clientId, request.query) }),
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
