import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, get } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { useMembers } from './members-query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const careTeamKey = (clientId: string): readonly string[] => ['practice', 'care-team', clientId];

function CareTeam({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const members = useMembers();
  const team = useQuery({ queryKey: careTeamKey(clientId), queryFn: () => get<{ members: { userId: string; displayName: string }[] }>(`/api/practice/clients/${clientId}/care-team`) });
  const clinicians = (members.data?.members ?? []).filter((m) => m.role === 'clinician' && m.status === 'active');
  const [clinician, setClinician] = useState('');
  const [grant, setGrant] = useState({ view: true, edit: false, export: false, push: false });
  const refresh = (): Promise<void> => qc.invalidateQueries({ queryKey: careTeamKey(clientId) });
  const add = useMutation({ mutationFn: (userId: string) => api('PUT', `/api/practice/clients/${clientId}/care-team/${userId}`), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (userId: string) => api('DELETE', `/api/practice/clients/${clientId}/care-team/${userId}`), onSuccess: refresh });
  const saveGrant = useMutation({ mutationFn: () => api('PUT', `/api/practice/clients/${clientId}/grants/${clinician}`, grant) });
  const removeGrant = useMutation({ mutationFn: () => api('DELETE', `/api/practice/clients/${clientId}/grants/${clinician}`) });

  if (team.isError) return <ProblemAlert error={team.error} title="No client with this id in the practice" />;
  const options = [{ value: '', label: 'Choose a clinician' }, ...clinicians.map((m) => ({ value: m.userId, label: m.displayName }))];
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        Care team
      </Title>
      {team.data && team.data.members.length === 0 && <Text>No clinician is on this client's care team.</Text>}
      {team.data && team.data.members.length > 0 && (
        <Table withTableBorder>
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
          <NativeSelect label="Clinician" data={options} value={clinician} onChange={(e) => setClinician(e.currentTarget.value)} />
          <Group>
            <Button disabled={!clinician} loading={add.isPending} onClick={() => add.mutate(clinician)}>
              Add to care team
            </Button>
          </Group>
          <fieldset>
            <legend>Grant on this client only (for a clinician outside the care team)</legend>
            <Group>
              {(['view', 'edit', 'export', 'push'] as const).map((k) => (
                <Checkbox key={k} label={k} checked={grant[k]} onChange={(e) => setGrant({ ...grant, [k]: e.currentTarget.checked })} />
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
          {(saveGrant.isSuccess || removeGrant.isSuccess) && (
            <Alert color="green" role="status">
              Saved.
            </Alert>
          )}
          <ProblemAlert error={add.error ?? remove.error ?? saveGrant.error ?? removeGrant.error} title="Not changed" />
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * Owner: who may see one client. The client is named by id only (the client list is the clinical
 * screens' job), so nothing identifying reaches this screen, its URL or its title.
 */
export function ClientAccessPage(): ReactElement {
  const [input, setInput] = useState('');
  const [clientId, setClientId] = useState<string | null>(null);
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const id = input.trim();
    setInvalid(!UUID.test(id));
    setClientId(UUID.test(id) ? id.toLowerCase() : null);
  };
  return (
    <Page title="Client access">
      <form onSubmit={submit} noValidate>
        <Group align="flex-end">
          <TextInput label="Client id" description="The client's record id (a uuid)" value={input} onChange={(e) => setInput(e.currentTarget.value)} error={invalid ? 'Expected a client id such as 3f0c…-…' : undefined} miw={360} />
          <Button type="submit">Show access</Button>
        </Group>
      </form>
      {clientId && <CareTeam key={clientId} clientId={clientId} />}
    </Page>
  );
}
