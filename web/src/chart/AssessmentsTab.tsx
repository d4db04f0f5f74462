import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, get, query } from '../api/client';
import { INSTRUMENTS, type InstrumentForm } from '../clinical/instruments';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { clientDataKey, type ChartTabProps } from './client-view';
import { crisisKey } from './CrisisBanner';
import { TrendChart, type Trend } from './TrendChart';

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

const assessmentsKey = (clientId: string): readonly unknown[] => clientDataKey(clientId, 'assessments');

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
              {record.data.crisisAlertIds?.length ? ' A crisis alert was raised for the care team: it shows at the top of the chart.' : ''}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={record.isPending} disabled={missing > 0}>
              Record {instrument.id.toUpperCase()}
            </Button>
            {missing > 0 && <Text size="sm">{missing} required answers to go.</Text>}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function InstrumentTrend({ clientId, instrument }: { clientId: string; instrument: InstrumentForm }): ReactElement | null {
  const trend = useQuery({ queryKey: [...assessmentsKey(clientId), 'trend', instrument.id], queryFn: () => get<Trend>(`/api/practice/clients/${clientId}/assessments/trend${query({ instrument: instrument.id })}`) });
  if (trend.isError) return <ProblemAlert error={trend.error} title={`The ${instrument.name} trend could not be loaded`} />;
  if (!trend.data || trend.data.points.length === 0) return null;
  const short = instrument.id.toUpperCase();
  return (
    <section aria-labelledby={`trend-${instrument.id}`}>
      <Title order={3} size="h5" id={`trend-${instrument.id}`} mb="xs">
        {short} over time
      </Title>
      <TrendChart trend={trend.data} name={short} />
    </section>
  );
}

/** Measurement-based care: record PHQ-9, GAD-7 or PCL-5 in session, and read each over time. */
export function AssessmentsTab({ client }: ChartTabProps): ReactElement {
  const qc = useQueryClient();
  const clientId = client.id;
  const [instrumentId, setInstrumentId] = useState(INSTRUMENTS[0]?.id ?? 'phq-9');
  const instrument = INSTRUMENTS.find((i) => i.id === instrumentId) ?? INSTRUMENTS[0];
  const list = useQuery({ queryKey: assessmentsKey(clientId), queryFn: () => get<{ assessments: Summary[] }>(`/api/practice/clients/${clientId}/assessments`) });
  const recorded = async (): Promise<void> => {
    await Promise.all([qc.invalidateQueries({ queryKey: assessmentsKey(clientId) }), qc.invalidateQueries({ queryKey: crisisKey(clientId) })]);
  };
  if (list.isError) return <ProblemAlert error={list.error} title="The client's measures could not be opened" />;
  return (
    <Stack gap="md">
      <NativeSelect label="Instrument" value={instrumentId} onChange={(e) => setInstrumentId(e.currentTarget.value)} data={INSTRUMENTS.map((i) => ({ value: i.id, label: i.name }))} maw={420} />
      {instrument && <AdministerForm key={instrument.id} clientId={clientId} instrument={instrument} onDone={recorded} />}
      <Title order={2} size="h4">
        Trends
      </Title>
      {list.data && list.data.assessments.length === 0 && <Text>No measure recorded for this client yet.</Text>}
      {list.data && list.data.assessments.length > 0 && INSTRUMENTS.filter((i) => list.data.assessments.some((a) => a.instrumentId === i.id)).map((i) => <InstrumentTrend key={i.id} clientId={clientId} instrument={i} />)}
      {list.data && list.data.assessments.length > 0 && (
        <>
          <Title order={2} size="h4">
            All results
          </Title>
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
        </>
      )}
    </Stack>
  );
}
