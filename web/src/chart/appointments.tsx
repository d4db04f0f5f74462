import { Badge, Button, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import { api, ApiError, get, query } from '../api/client';
import { namesOf, useMembers } from '../practice/members-query';
import { ProblemAlert } from '../ui/ProblemAlert';

/** An appointment as the calendar API shows it (src/modules/appointments/service.ts). */
export interface Appointment {
  id: string;
  clinicianId: string;
  clinicianName: string;
  clientId: string | null;
  clientDisplayName: string | null;
  startsAt: string;
  endsAt: string;
  modality: 'in_person' | 'telehealth';
  location: string | null;
  status: 'scheduled' | 'completed' | 'cancelled' | 'no_show';
  restricted: boolean;
}

export const APPOINTMENTS_KEY = ['clinical', 'appointments'] as const;
/** Days are the reader's own: the server takes the browser's zone, aliases included. */
export const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const STATUS: Record<Appointment['status'], string> = { scheduled: 'Scheduled', completed: 'Completed', cancelled: 'Cancelled', no_show: 'No-show' };
const STATUS_COLOR: Record<Appointment['status'], string> = { scheduled: 'blue', completed: 'green', cancelled: 'gray', no_show: 'orange' };
export const MODALITY: Record<Appointment['modality'], string> = { in_person: 'In person', telehealth: 'Telehealth' };
export const DURATIONS = [30, 45, 50, 60, 90];

/** The local calendar day (YYYY-MM-DD) of a moment. */
export const dayOf = (d: Date): string => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const timeOf = (d: Date): string => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
/** Monday of the week holding the day. */
export function weekStart(day: string): string {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return dayOf(d);
}
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00`);
  d.setDate(d.getDate() + n);
  return dayOf(d);
}
const dayLabel = (day: string): string => new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const clock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
/** A local date and time typed in the form, as an instant with offset for the API. */
export const instant = (day: string, time: string): string => new Date(`${day}T${time}`).toISOString();

/** The seven days of a week, one request a day (the API serves a calendar by day). */
export function useWeek(monday: string, clinicianId: string | undefined): { days: { day: string; appointments: Appointment[] }[]; error: unknown; pending: boolean } {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const results = useQueries({
    queries: days.map((day) => ({
      queryKey: [...APPOINTMENTS_KEY, day, clinicianId ?? 'all'],
      queryFn: () => get<{ appointments: Appointment[] }>(`/api/practice/appointments${query({ day, clinicianId, tz: TIME_ZONE })}`),
    })),
  });
  return {
    days: days.map((day, i) => ({ day, appointments: results[i]?.data?.appointments ?? [] })),
    error: results.find((r) => r.error)?.error ?? null,
    pending: results.some((r) => r.isPending),
  };
}

/** One client's week in one request (their chart's route), grouped by day. */
export function useClientWeek(clientId: string, monday: string): { days: { day: string; appointments: Appointment[] }[]; error: unknown; pending: boolean } {
  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const week = useQuery({
    queryKey: [...APPOINTMENTS_KEY, 'client', clientId, monday],
    queryFn: () => get<{ appointments: Appointment[] }>(`/api/practice/clients/${clientId}/appointments${query({ from: days[0], to: days[6], tz: TIME_ZONE })}`),
  });
  const all = week.data?.appointments ?? [];
  return { days: days.map((day) => ({ day, appointments: all.filter((a) => dayOf(new Date(a.startsAt)) === day) })), error: week.error, pending: week.isPending };
}

/** Reschedule (new day, time and length) or mark what happened; only a scheduled appointment changes. */
function AppointmentActions({ appointment }: { appointment: Appointment }): ReactElement {
  const qc = useQueryClient();
  const start = new Date(appointment.startsAt);
  const [moving, setMoving] = useState(false);
  const [day, setDay] = useState(dayOf(start));
  const [time, setTime] = useState(timeOf(start));
  const [minutes, setMinutes] = useState(String(Math.round((Date.parse(appointment.endsAt) - start.getTime()) / 60000)));
  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<Appointment>('PATCH', `/api/practice/appointments/${appointment.id}`, body),
    onSuccess: async () => {
      setMoving(false);
      await qc.invalidateQueries({ queryKey: APPOINTMENTS_KEY });
    },
  });
  const err = change.error instanceof ApiError ? change.error : null;
  const when = `${dayLabel(dayOf(start))} ${clock(appointment.startsAt)}`;
  const reschedule = (e: FormEvent): void => {
    e.preventDefault();
    const startsAt = instant(day, time);
    change.mutate({ startsAt, endsAt: new Date(Date.parse(startsAt) + Number(minutes) * 60000).toISOString() });
  };
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => setMoving(!moving)} aria-expanded={moving} aria-label={`Reschedule the appointment of ${when}`}>
          Reschedule
        </Button>
        <Button size="xs" variant="default" onClick={() => change.mutate({ status: 'completed' })} aria-label={`Mark the appointment of ${when} as completed`}>
          Completed
        </Button>
        <Button size="xs" variant="default" onClick={() => change.mutate({ status: 'no_show' })} aria-label={`Mark the appointment of ${when} as a no-show`}>
          No-show
        </Button>
        <Button size="xs" variant="default" color="red" onClick={() => change.mutate({ status: 'cancelled' })} aria-label={`Cancel the appointment of ${when}`}>
          Cancel
        </Button>
      </Group>
      {moving && (
        <form onSubmit={reschedule} noValidate>
          <Group align="flex-end" gap="xs">
            <TextInput size="xs" type="date" label="New day" value={day} onChange={(e) => setDay(e.currentTarget.value)} error={err?.fieldMessage('startsAt')} />
            <TextInput size="xs" type="time" label="New time" value={time} onChange={(e) => setTime(e.currentTarget.value)} />
            <NativeSelect size="xs" label="Length" value={minutes} onChange={(e) => setMinutes(e.currentTarget.value)} data={[...new Set([...DURATIONS.map(String), minutes])].map((m) => ({ value: m, label: `${m} minutes` }))} error={err?.fieldMessage('endsAt')} />
            <Button size="xs" type="submit" loading={change.isPending}>
              Move
            </Button>
          </Group>
        </form>
      )}
      <ProblemAlert error={change.error} title="The appointment was not changed" />
    </Stack>
  );
}

/** One appointment on an agenda line: time, who, how, where, state, and what may still be done. */
export function AppointmentItem({ appointment, showClient }: { appointment: Appointment; showClient: boolean }): ReactElement {
  const a = appointment;
  // Names come from the members list: the calendar's clinicianName is not decrypted by the API yet.
  const clinician = namesOf(useMembers().data?.members).get(a.clinicianId) ?? 'Clinician';
  return (
    <Paper withBorder p="sm">
      <Stack gap={4}>
        <Group justify="space-between">
          <Text fw={600}>
            {clock(a.startsAt)} to {clock(a.endsAt)}
            {showClient && (a.restricted ? ' · Busy (restricted client)' : a.clientId ? ' · ' : '')}
            {showClient && a.clientId && <Link to={`/clinical/clients/${a.clientId}/appointments`}>{a.clientDisplayName ?? 'client'}</Link>}
          </Text>
          <Badge variant="light" color={STATUS_COLOR[a.status]}>
            {STATUS[a.status]}
          </Badge>
        </Group>
        <Text size="sm">
          {clinician} · {MODALITY[a.modality]}
          {a.location ? ` · ${a.location}` : ''}
        </Text>
        {a.status === 'scheduled' && !a.restricted && <AppointmentActions appointment={a} />}
      </Stack>
    </Paper>
  );
}

/** A week as a list of days; days without an appointment are shown, so a free day reads as free. */
export function WeekAgenda({ days, showClient, empty }: { days: { day: string; appointments: Appointment[] }[]; showClient: boolean; empty: string }): ReactElement {
  const today = dayOf(new Date());
  return (
    <Stack gap="sm">
      {days.map(({ day, appointments }) => (
        <section key={day} aria-label={dayLabel(day)}>
          <Text fw={700} size="sm" mb={4}>
            {dayLabel(day)}
            {day === today ? ' (today)' : day < today ? ' (past)' : ''}
          </Text>
          {appointments.length === 0 ? (
            <Text size="sm" c="dimmed">
              {empty}
            </Text>
          ) : (
            <Stack gap="xs">
              {appointments.map((a) => (
                <AppointmentItem key={a.id} appointment={a} showClient={showClient} />
              ))}
            </Stack>
          )}
        </section>
      ))}
    </Stack>
  );
}

/** Previous / this / next week, keyboard-reachable buttons. */
export function WeekNav({ monday, onChange }: { monday: string; onChange: (monday: string) => void }): ReactElement {
  const sunday = addDays(monday, 6);
  const label = `${new Date(`${monday}T12:00:00`).toLocaleDateString(undefined, { month: 'long', day: 'numeric' })} to ${new Date(`${sunday}T12:00:00`).toLocaleDateString(undefined, { month: 'long', day: 'numeric', year: 'numeric' })}`;
  return (
    <Group gap="xs" align="center">
      <Button size="xs" variant="default" onClick={() => onChange(addDays(monday, -7))}>
        Previous week
      </Button>
      <Button size="xs" variant="default" onClick={() => onChange(weekStart(dayOf(new Date())))}>
        This week
      </Button>
      <Button size="xs" variant="default" onClick={() => onChange(addDays(monday, 7))}>
        Next week
      </Button>
      <Text fw={600} aria-live="polite">
        Week of {label}
      </Text>
    </Group>
  );
}
