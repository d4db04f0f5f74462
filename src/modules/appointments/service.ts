import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ClientFactsRow } from '../../platform/auth/client-access.js';
import { clientFactsColumns, clientGrantJoin, factsFromRow, loadClientFacts } from '../../platform/auth/client-access.js';
import type { Actor } from '../../platform/auth/permissions.js';
import { can } from '../../platform/auth/permissions.js';
import { practiceContextOf } from '../../platform/auth/practice-context.js';
import { asDate } from '../../platform/auth/time.js';
import type { FieldCipher } from '../../platform/crypto/field-cipher.js';
import type { InstallationFieldCipher } from '../../platform/crypto/installation-cipher.js';
import { openDisplayName } from '../../platform/auth/users.js';
import type { Database } from '../../platform/db/database.js';
import type { PracticeTx } from '../../platform/db/practice-tx.js';
import { withPracticeTx } from '../../platform/db/practice-tx.js';
import { ConflictProblem, ForbiddenProblem, NotFoundProblem, ValidationProblem } from '../../platform/http/problem.js';
import { displayName } from '../clients/record.js';
import type { ClientDocument } from '../clients/record.js';

export const APPOINTMENT_STATUSES = ['scheduled', 'completed', 'cancelled', 'no_show'] as const;
export const MODALITIES = ['in_person', 'telehealth'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export type Modality = (typeof MODALITIES)[number];

export interface AppointmentDeps {
  db: Database;
  cipher: FieldCipher;
  /** Users' display names are installation-level ciphertext (identity data), not practice data. */
  names: InstallationFieldCipher;
  now: () => Date;
}

/**
 * What a calendar shows: time, clinician, client display name, status, modality and location.
 * Nothing clinical is kept on an appointment. A client the viewer may not see (restriction) shows as
 * a busy slot: `restricted`, with no client id, name or location.
 */
export interface AppointmentView {
  id: string;
  clinicianId: string;
  clinicianName: string;
  clientId: string | null;
  clientDisplayName: string | null;
  startsAt: string;
  endsAt: string;
  modality: Modality;
  location: string | null;
  status: AppointmentStatus;
  restricted: boolean;
}

interface Row extends ClientFactsRow {
  id: string;
  client_id: string;
  clinician_id: string;
  clinician_name: string;
  starts_at: Date | string;
  ends_at: Date | string;
  modality: Modality;
  location: string | null;
  status: AppointmentStatus;
  client_demographics: string | null;
}

const locationRef = (tx: PracticeTx, id: string): { table: string; column: string; rowId: string; practiceId: string } => ({ table: 'appointments', column: 'location', rowId: id, practiceId: tx.practiceId });

function selectRows(actor: Actor, now: Date, where: ReturnType<typeof sql>): ReturnType<typeof sql> {
  return sql`select a.id, a.client_id, a.clinician_id, u.display_name as clinician_name, a.starts_at, a.ends_at, a.modality, a.location, a.status,
                    c.demographics as client_demographics, ${clientFactsColumns(sql`a.client_id`, actor.userId, now)}
               from appointments a join users u on u.id = a.clinician_id
               left join clients c on c.id = a.client_id
               ${clientGrantJoin(sql`a.client_id`, actor.userId)}
              where ${where}`;
}

const seesClient = (actor: Actor, practiceId: string, row: Row): boolean =>
  can(actor, 'read', { type: 'client_demographics', practiceId, clientId: row.client_id, ...factsFromRow(true, row) }).allowed;

/** Renders rows the caller may see, auditing each appointment whose client is shown. */
async function render(tx: PracticeTx, deps: Pick<AppointmentDeps, 'cipher' | 'names'>, actor: Actor, rows: Row[], auditReads = true): Promise<AppointmentView[]> {
  const { cipher } = deps;
  const names = new Map<string, string | null>();
  const clinicians = new Map<string, string>();
  const clinicianName = async (r: Row): Promise<string> => {
    let name = clinicians.get(r.clinician_id);
    if (name === undefined) {
      name = await openDisplayName(tx, deps.names, r.clinician_id, r.clinician_name);
      clinicians.set(r.clinician_id, name);
    }
    return name;
  };
  const out: AppointmentView[] = [];
  for (const r of rows) {
    const visible = seesClient(actor, tx.practiceId, r);
    let clientDisplayName: string | null = null;
    if (visible) {
      if (!names.has(r.client_id)) {
        const doc = r.client_demographics ? (JSON.parse(await cipher.decrypt(tx, { table: 'clients', column: 'demographics', rowId: r.client_id, practiceId: tx.practiceId }, r.client_demographics)) as ClientDocument) : null;
        names.set(r.client_id, doc ? displayName(doc) : null);
      }
      clientDisplayName = names.get(r.client_id) ?? null;
      if (auditReads) tx.audit({ action: 'read', resourceType: 'appointment', resourceId: r.id, subjectClientId: r.client_id, purposeOfUse: actor.role === 'clinician' ? 'treatment' : 'operations' });
    }
    out.push({
      id: r.id,
      clinicianId: r.clinician_id,
      clinicianName: await clinicianName(r),
      clientId: visible ? r.client_id : null,
      clientDisplayName,
      startsAt: asDate(r.starts_at).toISOString(),
      endsAt: asDate(r.ends_at).toISOString(),
      modality: r.modality,
      location: visible && r.location ? await cipher.decrypt(tx, locationRef(tx, r.id), r.location) : null,
      status: r.status,
      restricted: !visible,
    });
  }
  return out;
}

/**
 * Serialises the bookings of one clinician (their membership row is locked until commit), then
 * refuses a time that overlaps one of their scheduled or completed appointments with 409.
 */
async function lockAndCheckOverlap(tx: PracticeTx, clinicianId: string, startsAt: string, endsAt: string, exceptId: string | null): Promise<void> {
  const [member] = await tx.rows<{ role: string }>(sql`select role from memberships where user_id = ${clinicianId} and status = 'active' for update`);
  if (!member) throw new NotFoundProblem('No such clinician in this practice.');
  if (member.role !== 'clinician' && member.role !== 'owner') throw new ValidationProblem([{ field: 'body/clinicianId', message: 'appointments are held by clinicians (or owners)' }]);
  const [clash] = await tx.rows<{ id: string }>(sql`select id from appointments
    where clinician_id = ${clinicianId} and status in ('scheduled', 'completed')
      and starts_at < ${endsAt}::timestamptz and ends_at > ${startsAt}::timestamptz
      ${exceptId ? sql`and id <> ${exceptId}` : sql``} limit 1`);
  if (clash) throw new ConflictProblem('The clinician already has an appointment at that time.', 'appointment-overlap');
}

function checkTimes(startsAt: string, endsAt: string): void {
  const ms = Date.parse(endsAt) - Date.parse(startsAt);
  if (!(ms > 0)) throw new ValidationProblem([{ field: 'body/endsAt', message: 'must be after startsAt' }]);
  if (ms > 12 * 3600_000) throw new ValidationProblem([{ field: 'body/endsAt', message: 'an appointment lasts at most 12 hours' }]);
}

export interface NewAppointment {
  clientId: string;
  clinicianId: string;
  startsAt: string;
  endsAt: string;
  modality: Modality;
  location?: string;
}

export async function createAppointment(deps: AppointmentDeps, actor: Actor, input: NewAppointment): Promise<AppointmentView> {
  const now = deps.now();
  checkTimes(input.startsAt, input.endsAt);
  if (actor.role === 'clinician' && input.clinicianId !== actor.userId) throw new ForbiddenProblem('Clinicians book their own appointments; ask staff or the owner to book for a colleague.');
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const facts = await loadClientFacts(tx, actor, input.clientId, now);
    if (!can(actor, 'read', { type: 'client_demographics', practiceId: tx.practiceId, clientId: input.clientId, ...facts }).allowed) throw new NotFoundProblem('No such client.');
    const [client] = await tx.rows<{ status: string }>(sql`select status from clients where id = ${input.clientId}`);
    if (!client) throw new NotFoundProblem('This client has no record yet.');
    if (client.status !== 'active') throw new ConflictProblem('The client is discharged; reactivate them before booking.', 'client-discharged');
    await lockAndCheckOverlap(tx, input.clinicianId, input.startsAt, input.endsAt, null);
    const id = randomUUID();
    const location = input.location ? await deps.cipher.encrypt(tx, locationRef(tx, id), input.location) : null;
    await tx.rows(sql`insert into appointments (practice_id, id, client_id, clinician_id, starts_at, ends_at, modality, location, created_by)
      values (${tx.practiceId}, ${id}, ${input.clientId}, ${input.clinicianId}, ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz, ${input.modality}, ${location}, ${actor.userId})`);
    tx.audit({ action: 'create', resourceType: 'appointment', resourceId: id, subjectClientId: input.clientId, purposeOfUse: 'operations' });
    const rows = await tx.rows<Row>(selectRows(actor, now, sql`a.id = ${id}`));
    return (await render(tx, deps, actor, rows, false))[0]!;
  });
}

/** A day's appointments (in the given time zone), of one clinician or of all; clinicians see only their own. */
export async function listAppointments(deps: AppointmentDeps, actor: Actor, q: { day: string; clinicianId?: string; tz: string }): Promise<AppointmentView[]> {
  const now = deps.now();
  let clinicianId = q.clinicianId;
  if (actor.role === 'clinician') {
    if (clinicianId && clinicianId !== actor.userId) throw new ForbiddenProblem('Clinicians see their own calendar.');
    clinicianId = actor.userId;
  }
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const from = sql`(${q.day}::date::timestamp at time zone ${q.tz})`;
    const to = sql`((${q.day}::date + 1)::timestamp at time zone ${q.tz})`;
    const rows = await tx.rows<Row>(
      selectRows(actor, now, sql`a.starts_at >= ${from} and a.starts_at < ${to} ${clinicianId ? sql`and a.clinician_id = ${clinicianId}` : sql``} order by a.starts_at, a.id`),
    );
    return render(tx, deps, actor, rows);
  });
}

/**
 * One client's appointments over a span of days, for their chart: whoever may see the client sees
 * all of them, whichever clinician holds them (the care team works together). A client out of
 * reach is 404, as everywhere.
 */
export async function listClientAppointments(deps: AppointmentDeps, actor: Actor, clientId: string, span: { from?: string; to?: string; tz: string }): Promise<AppointmentView[]> {
  const now = deps.now();
  const day = (offset: number): string => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const q = { from: span.from ?? day(-90), to: span.to ?? day(180), tz: span.tz };
  if (q.from > q.to) throw new ValidationProblem([{ field: 'querystring/to', message: 'must not be before from' }]);
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const facts = await loadClientFacts(tx, actor, clientId, now);
    if (!can(actor, 'read', { type: 'client_demographics', practiceId: tx.practiceId, clientId, ...facts }).allowed) throw new NotFoundProblem('No such client.');
    const from = sql`(${q.from}::date::timestamp at time zone ${q.tz})`;
    const to = sql`((${q.to}::date + 1)::timestamp at time zone ${q.tz})`;
    const rows = await tx.rows<Row>(selectRows(actor, now, sql`a.client_id = ${clientId} and a.starts_at >= ${from} and a.starts_at < ${to} order by a.starts_at, a.id`));
    return render(tx, deps, actor, rows);
  });
}

async function loadVisible(tx: PracticeTx, actor: Actor, id: string, now: Date, lock: boolean): Promise<Row> {
  const [row] = await tx.rows<Row>(sql`${selectRows(actor, now, sql`a.id = ${id}`)} ${lock ? sql`for update of a` : sql``}`);
  // Someone else's appointment (clinicians) or a client out of reach reads as no appointment at all.
  if (!row || (actor.role === 'clinician' && row.clinician_id !== actor.userId) || !seesClient(actor, tx.practiceId, row)) throw new NotFoundProblem();
  return row;
}

export async function getAppointment(deps: AppointmentDeps, actor: Actor, id: string): Promise<AppointmentView> {
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => (await render(tx, deps, actor, [await loadVisible(tx, actor, id, deps.now(), false)]))[0]!);
}

export interface AppointmentChange {
  startsAt?: string;
  endsAt?: string;
  modality?: Modality;
  location?: string | null;
  status?: Exclude<AppointmentStatus, 'scheduled'>;
}

/** Reschedules, moves online or marks the outcome of a scheduled appointment; a finished one is kept as it is. */
export async function updateAppointment(deps: AppointmentDeps, actor: Actor, id: string, change: AppointmentChange): Promise<AppointmentView> {
  const now = deps.now();
  return withPracticeTx(deps.db, practiceContextOf(actor), async (tx) => {
    const row = await loadVisible(tx, actor, id, now, true);
    // An empty change is answered with the appointment as it is (the id is checked like any other).
    if (Object.values(change).every((v) => v === undefined)) return (await render(tx, deps, actor, [row]))[0]!;
    if (row.status !== 'scheduled') throw new ConflictProblem(`The appointment is ${row.status.replace('_', '-')}; only a scheduled appointment can change.`, 'appointment-closed');
    const startsAt = change.startsAt ?? asDate(row.starts_at).toISOString();
    const endsAt = change.endsAt ?? asDate(row.ends_at).toISOString();
    if (change.startsAt || change.endsAt) {
      checkTimes(startsAt, endsAt);
      await lockAndCheckOverlap(tx, row.clinician_id, startsAt, endsAt, id);
    }
    const location = change.location === undefined ? row.location : change.location === null ? null : await deps.cipher.encrypt(tx, locationRef(tx, id), change.location);
    await tx.rows(sql`update appointments set starts_at = ${startsAt}::timestamptz, ends_at = ${endsAt}::timestamptz, modality = ${change.modality ?? row.modality},
        location = ${location}, status = ${change.status ?? row.status}, updated_at = ${now.toISOString()}::timestamptz
      where id = ${id}`);
    tx.audit({ action: change.status ? `appointment_${change.status}` : 'update', resourceType: 'appointment', resourceId: id, subjectClientId: row.client_id, purposeOfUse: 'operations' });
    return (await render(tx, deps, actor, await tx.rows<Row>(selectRows(actor, now, sql`a.id = ${id}`)), false))[0]!;
  });
}
