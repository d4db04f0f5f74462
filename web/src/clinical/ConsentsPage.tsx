import { Badge, Button, Group, NativeSelect, Paper, Spoiler, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, get } from '../api/client';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { ClientIdForm } from './ClientIdForm';

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

const METHODS = ['written', 'electronic', 'verbal', 'portal'];

function ConsentCard({ clientId, consent }: { clientId: string; consent: ConsentState }): ReactElement {
  const qc = useQueryClient();
  const [method, setMethod] = useState('written');
  const [givenBy, setGivenBy] = useState('client');
  const record = useMutation({
    mutationFn: (decision: 'granted' | 'withdrawn') => api('POST', `/api/practice/clients/${clientId}/consents`, { kind: consent.kind, decision, method, givenBy }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['clinical', 'consents', clientId] }),
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

function ClientConsents({ clientId }: { clientId: string }): ReactElement {
  const consents = useQuery({ queryKey: ['clinical', 'consents', clientId], queryFn: () => get<{ consents: ConsentState[] }>(`/api/practice/clients/${clientId}/consents`) });
  if (consents.isError) return <ProblemAlert error={consents.error} title="The client's consents could not be opened" />;
  return <Stack gap="sm">{consents.data?.consents.map((c) => <ConsentCard key={c.kind} clientId={clientId} consent={c} />)}</Stack>;
}

/** A client's consents (recording, texts, AI processing, Part 2 disclosure): each a new record, history kept. */
export function ConsentsPage(): ReactElement {
  const [clientId, setClientId] = useState<string | null>(null);
  return (
    <Page title="Consents">
      <ClientIdForm onChoose={setClientId} action="Open consents" />
      {clientId && <ClientConsents key={clientId} clientId={clientId} />}
    </Page>
  );
}
