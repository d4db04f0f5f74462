import { Loader } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { get } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { SecurityEventsTable, type SecurityEvent } from '../ui/SecurityEventsTable';

export function AdminSecurityEventsPage(): ReactElement {
  const events = useQuery({ queryKey: ['admin', 'security-events'], queryFn: () => get<{ events: SecurityEvent[] }>('/api/admin/security-events') });
  return (
    <Page title="Installation security events">
      {events.isPending && <Loader aria-label="Loading" />}
      <ProblemAlert error={events.error} title="Events could not be loaded" />
      {events.data && <SecurityEventsTable events={events.data.events} />}
    </Page>
  );
}
