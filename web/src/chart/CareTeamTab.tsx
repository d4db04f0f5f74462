import { Alert, Button, Checkbox, Group, List, NativeSelect, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, get } from '../api/client';
import { activeRole, useSession } from '../api/session';
import { useMembers } from '../practice/members-query';
import { ProblemAlert } from '../ui/ProblemAlert';
import { clientDataKey, type ChartTabProps } from './client-view';

export const careTeamKey = (clientId: string): readonly unknown[] => clientDataKey(clientId, 'care-team');

const GRANT_LABELS = { view: 'Read the chart', edit: 'Change the chart', export: 'Export', push: 'Send to other systems' } as const;

/** Owner: the care team of one client, and per-client grants for clinicians outside it. */
function ManageCareTeam({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const members = useMembers();
  const team = useQuery({ queryKey: careTeamKey(clientId), queryFn: () => get<{ members: { userId: string; displayName: string }[] }>(`/api/practice/clients/${clientId}/care-team`) });
  const clinicians = (members.data?.members ?? []).filter((m) => (m.role === 'clinician' || m.role === 'owner') && m.status === 'active');
  const [clinician, setClinician] = useState('');
  const [grant, setGrant] = useState({ view: true, edit: false, export: false, push: false });
  const refresh = (): Promise<void> => qc.invalidateQueries({ queryKey: careTeamKey(clientId) });
  const add = useMutation({ mutationFn: (userId: string) => api('PUT', `/api/practice/clients/${clientId}/care-team/${userId}`), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (userId: string) => api('DELETE', `/api/practice/clients/${clientId}/care-team/${userId}`), onSuccess: refresh });
  const saveGrant = useMutation({ mutationFn: () => api('PUT', `/api/practice/clients/${clientId}/grants/${clinician}`, grant) });
  const removeGrant = useMutation({ mutationFn: () => api('DELETE', `/api/practice/clients/${clientId}/grants/${clinician}`) });
  const name = clinicians.find((m) => m.userId === clinician)?.displayName ?? '';

  if (team.isError) return <ProblemAlert error={team.error} title="The care team could not be loaded" />;
  const onTeam = new Set(team.data?.members.map((m) => m.userId));
  return (
    <Stack gap="md">
      {team.data && team.data.members.length === 0 && <Text>No clinician is on this client&apos;s care team.</Text>}
      {team.data && team.data.members.length > 0 && (
        <Table withTableBorder>
          <Table.Caption>Care team</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Clinician</Table.Th>
              <Table.Th>
                <span className="cf-skip">Action</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.data.members.map((m) => (
              <Table.Tr key={m.userId}>
                <Table.Td>{m.displayName}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => remove.mutate(m.userId)} aria-label={`Take ${m.displayName} off the care team`}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Add a clinician or grant access
          </Title>
          <NativeSelect label="Clinician" data={[{ value: '', label: 'Choose a clinician' }, ...clinicians.map((m) => ({ value: m.userId, label: m.displayName }))]} value={clinician} onChange={(e) => setClinician(e.currentTarget.value)} />
          <Group>
            <Button disabled={!clinician || onTeam.has(clinician)} loading={add.isPending} onClick={() => add.mutate(clinician)}>
              Add to care team
            </Button>
          </Group>
          <fieldset className="cf-fieldset">
            <legend>Grant on this client only (for a clinician outside the care team)</legend>
            <Group>
              {(Object.keys(GRANT_LABELS) as (keyof typeof GRANT_LABELS)[]).map((k) => (
                <Checkbox key={k} label={GRANT_LABELS[k]} checked={grant[k]} onChange={(e) => setGrant({ ...grant, [k]: e.currentTarget.checked })} />
              ))}
            </Group>
          </fieldset>
          <Group>
            <Button variant="default" disabled={!clinician} loading={saveGrant.isPending} onClick={() => saveGrant.mutate()}>
              Save grant
            </Button>
            <Button variant="default" disabled={!clinician} loading={removeGrant.isPending} onClick={() => removeGrant.mutate()}>
              Remove grant
            </Button>
          </Group>
          {saveGrant.isSuccess && (
            <Alert color="green" role="status">
              Grant saved for {name}.
            </Alert>
          )}
          {removeGrant.isSuccess && (
            <Alert color="green" role="status">
              Grant removed.
            </Alert>
          )}
          <ProblemAlert error={add.error ?? remove.error ?? saveGrant.error ?? removeGrant.error} title="Not changed" />
        </Stack>
      </Paper>
    </Stack>
  );
}

/** The team as its members and the front desk see it: who treats the client, read-only. */
function CareTeamList({ clientId }: { clientId: string }): ReactElement {
  const team = useQuery({ queryKey: careTeamKey(clientId), queryFn: () => get<{ members: { userId: string; displayName: string }[] }>(`/api/practice/clients/${clientId}/care-team`) });
  return (
    <Stack gap="sm">
      <ProblemAlert error={team.error} title="The care team could not be loaded" />
      {team.data && team.data.members.length === 0 && <Text>No clinician is on this client&apos;s care team.</Text>}
      {team.data && team.data.members.length > 0 && (
        <List aria-label="Care team">
          {team.data.members.map((m) => (
            <List.Item key={m.userId}>{m.displayName}</List.Item>
          ))}
        </List>
      )}
      <Text size="sm" c="dimmed">
        The practice owner manages the care team and per-client grants. Ask them to add or remove a clinician.
      </Text>
    </Stack>
  );
}

/** Who treats the client. The practice owner manages the team and grants; everyone else reads the team. */
export function CareTeamTab({ client }: ChartTabProps): ReactElement {
  const session = useSession();
  const owner = session.data ? activeRole(session.data) === 'owner' : false;
  if (owner) return <ManageCareTeam clientId={client.id} />;
  return <CareTeamList clientId={client.id} />;
}
