import { Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import { api, ApiError, get } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

interface ClientRow {
  id: string;
  displayName: string;
  status: string;
  minor: boolean;
}
const KEY = ['clinical', 'clients'];

function NewClientForm(): ReactElement {
  const qc = useQueryClient();
  const [legalFirstName, setFirst] = useState('');
  const [legalLastName, setLast] = useState('');
  const [dateOfBirth, setDob] = useState('');
  const create = useMutation({
    mutationFn: () => api<ClientRow>('POST', '/api/practice/clients', { legalFirstName, legalLastName, dateOfBirth }),
    onSuccess: async () => {
      setFirst('');
      setLast('');
      setDob('');
      await qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            New client
          </Title>
          <Group align="flex-start" wrap="wrap">
            <TextInput label="Legal first name" required value={legalFirstName} onChange={(e) => setFirst(e.currentTarget.value)} error={err?.fieldMessage('legalFirstName')} />
            <TextInput label="Legal last name" required value={legalLastName} onChange={(e) => setLast(e.currentTarget.value)} error={err?.fieldMessage('legalLastName')} />
            <TextInput label="Date of birth" type="date" required value={dateOfBirth} onChange={(e) => setDob(e.currentTarget.value)} error={err?.fieldMessage('dateOfBirth')} />
          </Group>
          <ProblemAlert error={create.error} title="The client was not created" />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create client
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** The clients the caller may see; a client's id opens their notes, measures and consents. */
export function ClientsPage(): ReactElement {
  const clients = useQuery({ queryKey: KEY, queryFn: () => get<{ clients: ClientRow[] }>('/api/practice/clients') });
  return (
    <Page title="Clients">
      <NewClientForm />
      <ProblemAlert error={clients.error} title="Clients could not be loaded" />
      {clients.data && clients.data.clients.length === 0 && <Text>No client yet.</Text>}
      {clients.data && clients.data.clients.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Client id</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.data.clients.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Link to={`/clinical/clients/${c.id}`}>{c.displayName}</Link>
                  {c.minor ? ' (minor)' : ''}
                </Table.Td>
                <Table.Td>{c.status}</Table.Td>
                <Table.Td className="cf-mono">{c.id}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}
