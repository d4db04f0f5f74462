import { Button, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { api, get, query } from '../api/client';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import type { CrisisAlert as BannerAlert } from '../chart/CrisisBanner';

/** The list shows what the chart's banner shows, and what was done about each alert. */
interface CrisisAlert extends BannerAlert {
  acknowledgedAt: string | null;
  acknowledgeCode: string | null;
  resolvedAt: string | null;
  resolveCode: string | null;
}

const ACKNOWLEDGE = ['reviewed', 'client_contacted', 'contact_attempted', 'discussed_in_session', 'safety_plan_reviewed'];
const RESOLVE = ['risk_assessed_no_current_risk', 'safety_plan_in_place', 'referred_to_emergency_services', 'referred_to_higher_level_of_care', 'entered_in_error'];
const words = (code: string): string => code.replace(/_/g, ' ');

function AlertCard({ alert }: { alert: CrisisAlert }): ReactElement {
  const qc = useQueryClient();
  const next = alert.status === 'open' ? 'acknowledge' : 'resolve';
  const codes = next === 'acknowledge' ? ACKNOWLEDGE : RESOLVE;
  const [code, setCode] = useState(codes[0] ?? '');
  const move = useMutation({
    mutationFn: () => api('POST', `/api/practice/clients/${alert.clientId}/crisis-alerts/${alert.id}/${next}`, { code }),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: ['clinical', 'crisis-alerts'] }), qc.invalidateQueries({ queryKey: ['clinical', 'client', alert.clientId, 'crisis-alerts'] })]),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text fw={600}>
          {alert.instrumentId.toUpperCase()} · raised {formatTime(alert.raisedAt)} · {alert.status}
        </Text>
        <Text size="sm">
          <Link to={`/clinical/clients/${alert.clientId}/assessments`}>Open the client&apos;s chart</Link>
        </Text>
        {alert.itemText && (
          <Text size="sm">
            {alert.itemText}: <strong>{alert.answerLabel ?? ''}</strong>
          </Text>
        )}
        {alert.reason && <Text size="sm">{alert.reason}</Text>}
        {alert.acknowledgeCode && <Text size="sm">Acknowledged {formatTime(alert.acknowledgedAt)}: {words(alert.acknowledgeCode)}</Text>}
        {alert.resolveCode && <Text size="sm">Resolved {formatTime(alert.resolvedAt)}: {words(alert.resolveCode)}</Text>}
        {alert.status !== 'resolved' && (
          <Group align="flex-end">
            <NativeSelect label={next === 'acknowledge' ? 'Acknowledge as' : 'Resolve as'} value={code} onChange={(e) => setCode(e.currentTarget.value)} data={codes.map((c) => ({ value: c, label: words(c) }))} />
            <Button onClick={() => move.mutate()} loading={move.isPending}>
              {next === 'acknowledge' ? 'Acknowledge' : 'Resolve'}
            </Button>
          </Group>
        )}
        <ProblemAlert error={move.error} title="Not recorded" />
      </Stack>
    </Paper>
  );
}

/**
 * Crisis alerts raised by measures (PHQ-9 item 9 above zero) for the care team to act on. Confidant
 * contacts no one by itself: the clinician decides and records what was done.
 */
export function CrisisAlertsPage(): ReactElement {
  const [status, setStatus] = useState('open');
  const alerts = useQuery({ queryKey: ['clinical', 'crisis-alerts', status], queryFn: () => get<{ alerts: CrisisAlert[] }>(`/api/practice/crisis-alerts${query({ status })}`) });
  return (
    <Page title="Crisis alerts">
      <NativeSelect
        label="Show"
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value)}
        data={[
          { value: 'open', label: 'Open' },
          { value: 'acknowledged', label: 'Acknowledged' },
          { value: 'resolved', label: 'Resolved' },
          { value: 'all', label: 'All' },
        ]}
        maw={240}
      />
      <ProblemAlert error={alerts.error} title="Alerts could not be loaded" />
      {alerts.data && alerts.data.alerts.length === 0 && <Text>No {status === 'all' ? '' : `${status} `}crisis alert.</Text>}
      {alerts.data?.alerts.map((a) => <AlertCard key={a.id} alert={a} />)}
    </Page>
  );
}
