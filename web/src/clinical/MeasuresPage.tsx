import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, get, query } from '../api/client';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { ClientIdForm } from './ClientIdForm';
import { INSTRUMENTS, type InstrumentForm } from './instruments';

interface Summary {
  id: string;
  instrumentId: string;
  instrumentName: string | null;
  administeredAt: string;
  method: string;
  total: number;
  maxTotal: number;
  band: string | null;
}
interface Trend {
  instrumentId: string;
  maxTotal: number;
  points: { id: string; administeredAt: string; total: number; band: string | null; change: { delta: number; direction: string | null } | null }[];
  overall: { delta: number; direction: string | null } | null;
}

const DIRECTION: Record<string, string> = { improved: 'improved', worsened: 'worsened', no_reliable_change: 'no reliable change' };

function AdministerForm({ clientId, instrument, onDone }: { clientId: string; instrument: InstrumentForm; onDone: () => Promise<void> }): ReactElement {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const record = useMutation({
    mutationFn: () =>
      api<{ result?: Summary; crisisAlertIds?: string[] }>('POST', `/api/practice/clients/${clientId}/assessments`, {
        instrumentId: instrument.id,
        method: 'in_session',
        answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== '').map(([k, v]) => [k, Number(v)])),
      }),
    onSuccess: async () => {
      setAnswers({});
      await onDone();
    },
  });
  const err = record.error instanceof ApiError ? record.error : null;
  const missing = instrument.items.filter((i) => i.required && !answers[i.id]).length;
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          record.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {instrument.name}
          </Title>
          <Text size="sm">{instrument.instructions}</Text>
          {instrument.items.map((item, n) => (
            <NativeSelect
              key={item.id}
              label={`${n + 1}. ${item.text}`}
              value={answers[item.id] ?? ''}
              onChange={(e) => setAnswers({ ...answers, [item.id]: e.currentTarget.value })}
              data={[{ value: '', label: item.required ? 'Choose an answer' : 'Not answered' }, ...item.options.map((o) => ({ value: String(o.value), label: `${o.value}: ${o.label}` }))]}
              error={err?.fieldMessage(`answers/${item.id}`)}
            />
          ))}
          <ProblemAlert error={record.error} title="Not recorded" />
          {record.data?.result && (
            <Alert color={record.data.crisisAlertIds?.length ? 'red' : 'green'} role="status" title="Recorded">
              Total {record.data.result.total} of {record.data.result.maxTotal}
              {record.data.result.band ? ` (${record.data.result.band})` : ''}.
              {record.data.crisisAlertIds?.length ? ' A crisis alert was raised for the care team: see Crisis alerts.' : ''}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={record.isPending} disabled={missing > 0}>
              Record {instrument.name.split(' ')[0]}
            </Button>
            {missing > 0 && <Text size="sm">{missing} required answers to go.</Text>}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ClientMeasures({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const [instrumentId, setInstrumentId] = useState(INSTRUMENTS[0]?.id ?? 'phq-9');
  const instrument = INSTRUMENTS.find((i) => i.id === instrumentId) ?? INSTRUMENTS[0];
  const listKey = ['clinical', 'assessments', clientId];
  const list = useQuery({ queryKey: listKey, queryFn: () => get<{ assessments: Summary[] }>(`/api/practice/clients/${clientId}/assessments`) });
  const trend = useQuery({ queryKey: [...listKey, 'trend', instrumentId], queryFn: () => get<Trend>(`/api/practice/clients/${clientId}/assessments/trend${query({ instrument: instrumentId })}`) });
  if (list.isError) return <ProblemAlert error={list.error} title="The client's measures could not be opened" />;
  return (
    <Stack gap="md">
      <NativeSelect label="Instrument" value={instrumentId} onChange={(e) => setInstrumentId(e.currentTarget.value)} data={INSTRUMENTS.map((i) => ({ value: i.id, label: i.name }))} maw={420} />
      {instrument && <AdministerForm key={instrument.id} clientId={clientId} instrument={instrument} onDone={() => qc.invalidateQueries({ queryKey: listKey })} />}
      <Title order={2} size="h4">
        Results
      </Title>
      {list.data && list.data.assessments.length === 0 && <Text>No measure recorded for this client yet.</Text>}
      {list.data && list.data.assessments.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Instrument</Table.Th>
              <Table.Th>Total</Table.Th>
              <Table.Th>Severity</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.assessments.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{formatTime(a.administeredAt)}</Table.Td>
                <Table.Td>{a.instrumentName ?? a.instrumentId}</Table.Td>
                <Table.Td>
                  {a.total} / {a.maxTotal}
                </Table.Td>
                <Table.Td>{a.band ?? ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {trend.data && trend.data.points.length > 1 && (
        <Text>
          {instrument?.name}: {trend.data.points.length} results; overall change {trend.data.overall ? `${trend.data.overall.delta > 0 ? '+' : ''}${trend.data.overall.delta} points, ${DIRECTION[trend.data.overall.direction ?? ''] ?? 'not assessed'}` : 'not assessed'}.
        </Text>
      )}
    </Stack>
  );
}

/** Measurement-based care: record PHQ-9, GAD-7 or PCL-5 for a client and read the results over time. */
export function MeasuresPage(): ReactElement {
  const [clientId, setClientId] = useState<string | null>(null);
  return (
    <Page title="Measures">
      <ClientIdForm onChoose={setClientId} action="Open measures" />
      {clientId && <ClientMeasures key={clientId} clientId={clientId} />}
    </Page>
  );
}
