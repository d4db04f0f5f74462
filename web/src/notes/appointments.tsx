import { NativeSelect, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { get, query } from '../api/client';
import { namesOf, useMembers } from '../practice/members-query';
import { formatTime } from '../ui/page';

/** An appointment as GET /api/practice/appointments shows it (src/modules/appointments/service.ts). */
interface Appointment {
  id: string;
  clinicianId: string;
  clientId: string | null;
  startsAt: string;
  endsAt: string;
  modality: 'in_person' | 'telehealth';
  status: string;
}

const MODALITY: Record<Appointment['modality'], string> = { in_person: 'in person', telehealth: 'telehealth' };
const localTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

function localDay(d = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// The clinician's name comes from the members list: the calendar's clinicianName is not plain text
// for every caller yet (seen sealed in GET /api/practice/appointments).
const describe = (a: Appointment, names: Map<string, string>): string =>
  `${formatTime(a.startsAt)}, ${MODALITY[a.modality] ?? a.modality}, with ${names.get(a.clinicianId) ?? 'a clinician'} (${a.status})`;

/**
 * Which session a note documents: the calendar has no per-client list, so the clinician picks the
 * session's day and then one of this client's appointments on it (or none).
 */
export function AppointmentPicker({ clientId, value, onChange }: { clientId: string; value: string; onChange(id: string): void }): ReactElement {
  const [day, setDay] = useState(localDay());
  const tz = localTimeZone();
  const appts = useQuery({
    queryKey: ['notes', clientId, 'appointments', day, tz],
    enabled: /^\d{4}-\d{2}-\d{2}$/.test(day),
    queryFn: () => get<{ appointments: Appointment[] }>(`/api/practice/appointments${query({ day, tz })}`),
  });
  const names = namesOf(useMembers().data?.members);
  const mine = (appts.data?.appointments ?? []).filter((a) => a.clientId === clientId);
  return (
    <>
      <TextInput
        label="Session date"
        type="date"
        value={day}
        onChange={(e) => {
          setDay(e.currentTarget.value);
          onChange('');
        }}
      />
      <NativeSelect
        label="Appointment"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        data={[{ value: '', label: mine.length === 0 ? 'None on that day' : 'No appointment' }, ...mine.map((a) => ({ value: a.id, label: describe(a, names) }))]}
        error={appts.isError ? 'The calendar could not be read; the note can still be started without an appointment.' : undefined}
      />
    </>
  );
}

/** The appointment a note documents, in words (or why it cannot be shown). */
export function LinkedAppointment({ appointmentId }: { appointmentId: string }): ReactElement {
  const names = namesOf(useMembers().data?.members);
  const appt = useQuery({ queryKey: ['appointment', appointmentId], queryFn: () => get<Appointment>(`/api/practice/appointments/${appointmentId}`) });
  if (appt.isPending) return <Text size="sm">Appointment: loading…</Text>;
  if (appt.isError) return <Text size="sm">Documents an appointment you cannot see in your calendar.</Text>;
  return <Text size="sm">Documents the appointment of {describe(appt.data, names)}.</Text>;
}
