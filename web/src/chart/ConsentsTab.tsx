import { Badge, Button, Group, NativeSelect, Paper, Spoiler, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, get } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { clientDataKey, type ChartTabProps } from './client-view';

interface ConsentRecord {
  id: string;
  decision: 'granted' | 'withdrawn';
  version: number;
  method: string;
  givenBy: string;
  decidedAt: string;
}
interface ConsentState {
  kind: string;
  title: string;
  requiredVersion: number;
  text: string;
  active: boolean;
  latest: ConsentRecord | null;
}

const consentsKey = (clientId: string): readonly unknown[] => clientDataKey(clientId, 'consents');
const METHODS = ['written', 'electronic', 'verbal', 'portal'];

function ConsentCard({ clientId, consent }: { clientId: string; consent: ConsentState }): ReactElement {
  const qc = useQueryClient();
  const [method, setMethod] = useState('written');
  const [givenBy, setGivenBy] = useState('client');
  const record = useMutation({
    mutationFn: (decision: 'granted' | 'withdrawn') => api('POST', `/api/practice/clients/${clientId}/consents`, { kind: consent.kind, decision, method, givenBy }),
    onSuccess: () => qc.invalidateQueries({ queryKey: consentsKey(clientId) }),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={2} size="h5">
            {consent.title}
          </Title>
          <Badge variant="light" color={consent.active ? 'green' : 'gray'}>
            {consent.active ? 'in force' : 'not in force'}
          </Badge>
        </Group>
        {consent.latest && (
          <Text size="sm">
            Last recorded: {consent.latest.decision} ({consent.latest.method}, by the {consent.latest.givenBy.replace('_', ' ')}), {formatTime(consent.latest.decidedAt)}, version {consent.latest.version}.
          </Text>
        )}
        <Spoiler maxHeight={0} showLabel="Show the consent text" hideLabel="Hide the consent text">
          <Text size="sm">{consent.text}</Text>
        </Spoiler>
        <Group align="flex-end">
          <NativeSelect label="How" value={method} onChange={(e) => setMethod(e.currentTarget.value)} data={METHODS} />
          <NativeSelect
            label="Given by"
            value={givenBy}
            onChange={(e) => setGivenBy(e.currentTarget.value)}
            data={[
              { value: 'client', label: 'the client' },
              { value: 'personal_representative', label: 'a personal representative' },
            ]}
          />
          <Button onClick={() => record.mutate('granted')} loading={record.isPending && record.variables === 'granted'} aria-label={`Record consent given: ${consent.title}`}>
            Given
          </Button>
          <Button variant="default" onClick={() => record.mutate('withdrawn')} loading={record.isPending && record.variables === 'withdrawn'} aria-label={`Record consent withdrawn: ${consent.title}`}>
            Withdrawn
          </Button>
        </Group>
        <ProblemAlert error={record.error} title="Not recorded" />
      </Stack>
    </Paper>
  );
}

/** The client's consents (recording, texts, AI processing, Part 2 disclosure): each decision a new record, history kept. */
export function ConsentsTab({ client }: ChartTabProps): ReactElement {
  const consents = useQuery({ queryKey: consentsKey(client.id), queryFn: () => get<{ consents: ConsentState[] }>(`/api/practice/clients/${client.id}/consents`) });
  if (consents.isError) return <ProblemAlert error={consents.error} title="The client's consents could not be opened" />;
  return <Stack gap="sm">{consents.data?.consents.map((c) => <ConsentCard key={c.kind} clientId={client.id} consent={c} />)}</Stack>;
}
