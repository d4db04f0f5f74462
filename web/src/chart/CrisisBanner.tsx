import { Alert, List } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client';
import { formatTime } from '../ui/page';
import { clientDataKey } from './client-view';

export interface CrisisAlert {
  id: string;
  clientId: string;
  instrumentId: string;
  itemText: string | null;
  answerLabel: string | null;
  reason: string | null;
  status: 'open' | 'acknowledged' | 'resolved';
  raisedAt: string;
}

export const crisisKey = (clientId: string): readonly unknown[] => clientDataKey(clientId, 'crisis-alerts');

/** An open crisis alert is the first thing on the chart, above every section, until someone acts on it. */
export function CrisisBanner({ clientId }: { clientId: string }): ReactElement | null {
  const alerts = useQuery({ queryKey: crisisKey(clientId), queryFn: () => get<{ alerts: CrisisAlert[] }>(`/api/practice/clients/${clientId}/crisis-alerts`) });
  const open = (alerts.data?.alerts ?? []).filter((a) => a.status === 'open');
  if (open.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={open.length === 1 ? 'Open crisis alert' : `${open.length} open crisis alerts`} role="alert">
      <List size="sm">
        {open.map((a) => (
          <List.Item key={a.id}>
            {a.instrumentId.toUpperCase()}, {formatTime(a.raisedAt)}
            {a.itemText ? `: ${a.itemText}: ${a.answerLabel ?? ''}` : ''}
            {a.reason ? ` (${a.reason})` : ''}
          </List.Item>
        ))}
      </List>
      <Link to="/clinical/crisis-alerts">
        Acknowledge or resolve in Crisis alerts
      </Link>
    </Alert>
  );
}
