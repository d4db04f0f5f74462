import { Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { get } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { SecurityEventsTable, type SecurityEvent } from '../ui/SecurityEventsTable';
import { namesOf, useMembers } from './members-query';

export function SecurityEventsPage(): ReactElement {
  const events = useQuery({ queryKey: ['practice', 'security-events'], queryFn: () => get<{ events: SecurityEvent[] }>('/api/practice/security-events') });
  const members = useMembers();
  return (
    <Page title="Security events">
      {events.isPending && <Loader aria-label="Loading" />}
      <ProblemAlert error={events.error} title="Events could not be loaded" />
      {events.data && <SecurityEventsTable events={events.data.events} names={namesOf(members.data?.members)} />}
    </Page>
  );
}
