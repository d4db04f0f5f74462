import { Alert, Button, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, ApiError } from '../api/client';
import { activeRole, useSession } from '../api/session';
import { useMembers } from '../practice/members-query';
import { ProblemAlert } from '../ui/ProblemAlert';
import { APPOINTMENTS_KEY, dayOf, DURATIONS, instant, useClientWeek, weekStart, WeekAgenda, WeekNav, type Appointment } from './appointments';
import type { ChartTabProps } from './client-view';
import { FormCard } from '../ui/FormCard';

/** Books the client with a clinician; an overlap (409) is said in words and the form keeps its values. */
function BookForm({ clientId, onBooked }: { clientId: string; onBooked: (day: string) => void }): ReactElement {
  const qc = useQueryClient();
  const session = useSession().data;
  // Owners and the front desk book for any clinician; a clinician books for themselves.
  const role = session ? activeRole(session) : null;
  const booksForOthers = role === 'owner' || role === 'staff';
  const members = useMembers();
  const clinicians = booksForOthers ? (members.data?.members ?? []).filter((m) => (m.role === 'clinician' || m.role === 'owner') && m.status === 'active') : [];
  const [clinicianId, setClinician] = useState(booksForOthers ? '' : (session?.user.id ?? ''));
  const [day, setDay] = useState('');
  const [time, setTime] = useState('');
  const [minutes, setMinutes] = useState('50');
  const [modality, setModality] = useState<Appointment['modality']>('in_person');
  const [location, setLocation] = useState('');
  const book = useMutation({
    mutationFn: () => {
      const startsAt = instant(day, time);
      return api<Appointment>('POST', '/api/practice/appointments', {
        clientId,
        clinicianId,
        startsAt,
        endsAt: new Date(Date.parse(startsAt) + Number(minutes) * 60000).toISOString(),
        modality,
        ...(location.trim() ? { location: location.trim() } : {}),
      });
    },
    onSuccess: async (a) => {
      setTime('');
      await qc.invalidateQueries({ queryKey: APPOINTMENTS_KEY });
      onBooked(dayOf(new Date(a.startsAt)));
    },
  });
  const err = book.error instanceof ApiError ? book.error : null;
  const complete = clinicianId && day && time;
  return (
    <FormCard title="Book an appointment" onSubmit={() => { if (complete) book.mutate(); }}>
      <Group align="flex-start" wrap="wrap">
        {booksForOthers ? (
          <NativeSelect
            label="Clinician"
            required
            value={clinicianId}
            onChange={(e) => setClinician(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose a clinician', disabled: true }, ...clinicians.map((m) => ({ value: m.userId, label: m.displayName }))]}
            error={err?.fieldMessage('clinicianId')}
          />
        ) : (
          <TextInput label="Clinician" value={session?.user.displayName ?? ''} readOnly description="Clinicians book their own appointments" />
        )}
        <TextInput label="Day" type="date" required value={day} onChange={(e) => setDay(e.currentTarget.value)} error={err?.fieldMessage('startsAt')} />
        <TextInput label="Start time" type="time" required value={time} onChange={(e) => setTime(e.currentTarget.value)} />
        <NativeSelect label="Length" value={minutes} onChange={(e) => setMinutes(e.currentTarget.value)} data={DURATIONS.map((m) => ({ value: String(m), label: `${m} minutes` }))} error={err?.fieldMessage('endsAt')} />
        <NativeSelect
          label="How"
          value={modality}
          onChange={(e) => setModality(e.currentTarget.value as Appointment['modality'])}
          data={[
            { value: 'in_person', label: 'In person' },
            { value: 'telehealth', label: 'Telehealth' },
          ]}
        />
        <TextInput label="Where" description="Room, address or meeting link" value={location} onChange={(e) => setLocation(e.currentTarget.value)} error={err?.fieldMessage('location')} />
      </Group>
      {err?.slug === 'appointment-overlap' ? (
        <Alert color="red" role="alert" title="Not booked: that time is taken">
          The clinician already has an appointment at that time. Choose another time; everything else you entered is kept.
        </Alert>
      ) : (
        <ProblemAlert error={book.error} title="Not booked" />
      )}
      <Group>
        <Button type="submit" disabled={!complete} loading={book.isPending}>
          Book
        </Button>
        {book.isSuccess && (
          <Text size="sm" role="status">
            Booked.
          </Text>
        )}
      </Group>
    </FormCard>
  );
}

/** The client's appointments, a week at a time (past weeks included), and booking. */
export function AppointmentsTab({ client }: ChartTabProps): ReactElement {
  const [monday, setMonday] = useState(() => weekStart(dayOf(new Date())));
  const week = useClientWeek(client.id, monday);
  const mine = week.days;
  const count = mine.reduce((n, d) => n + d.appointments.length, 0);
  return (
    <Stack gap="md">
      {client.status === 'active' ? (
        <BookForm clientId={client.id} onBooked={(day) => setMonday(weekStart(day))} />
      ) : (
        <Text>The client is discharged: take them back into care (Overview) before booking.</Text>
      )}
      <Title order={2} size="h4">
        Calendar
      </Title>
      <WeekNav monday={monday} onChange={setMonday} />
      <ProblemAlert error={week.error} title="The calendar could not be loaded" />
      {!week.pending && (
        <Text size="sm" role="status">
          {count === 0 ? 'No appointment for this client this week.' : `${count} appointment${count === 1 ? '' : 's'} this week.`}
        </Text>
      )}
      <WeekAgenda days={mine} showClient={false} empty="Nothing booked." />
    </Stack>
  );
}
