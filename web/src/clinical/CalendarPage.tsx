import { NativeSelect, Stack, Text } from '@mantine/core';
import { useState, type ReactElement } from 'react';
import { activeRole, type SessionView } from '../api/session';
import { dayOf, useWeek, weekStart, WeekAgenda, WeekNav } from '../chart/appointments';
import { useMembers } from '../practice/members-query';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

/**
 * A week of appointments: a clinician's own; the owner's own by default, or a colleague's, or everyone's.
 * A client the viewer may not see shows as a busy slot.
 */
export function CalendarPage({ session }: { session: SessionView }): ReactElement {
  const role = activeRole(session);
  // Owners and the front desk look across clinicians; staff hold no appointments of their own.
  const chooses = role === 'owner' || role === 'staff';
  const members = useMembers();
  const [clinicianId, setClinician] = useState(role === 'staff' ? '' : session.user.id);
  const [monday, setMonday] = useState(() => weekStart(dayOf(new Date())));
  const week = useWeek(monday, clinicianId || undefined);
  const holders = (members.data?.members ?? []).filter((m) => (m.role === 'clinician' || m.role === 'owner') && m.status === 'active');
  const count = week.days.reduce((n, d) => n + d.appointments.length, 0);
  return (
    <Page title="Calendar">
      <Stack gap="sm">
        {chooses && (
          <NativeSelect
            label="Whose calendar"
            value={clinicianId}
            onChange={(e) => setClinician(e.currentTarget.value)}
            data={[...holders.map((m) => ({ value: m.userId, label: m.userId === session.user.id ? `${m.displayName} (you)` : m.displayName })), { value: '', label: 'Everyone' }]}
            maw={320}
          />
        )}
        <WeekNav monday={monday} onChange={setMonday} />
        <ProblemAlert error={week.error} title="The calendar could not be loaded" />
        {!week.pending && (
          <Text size="sm" role="status">
            {count === 0 ? 'Nothing booked this week.' : `${count} appointment${count === 1 ? '' : 's'} this week.`}
          </Text>
        )}
        <WeekAgenda days={week.days} showClient empty="Nothing booked." />
      </Stack>
    </Page>
  );
}
