import { Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, get } from '../api/client';
import { InvitationLink } from '../ui/InvitationLink';
import { BaaPanel } from './BaaPanel';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { FormCard } from '../ui/FormCard';

interface Practice {
  id: string;
  name: string;
  status: string;
  createdAt: string;
}

const PRACTICES = ['admin', 'practices'] as const;

function CreatePractice(): ReactElement {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => api<Practice>('POST', '/api/admin/practices', { name }),
    onSuccess: async () => {
      setName('');
      await qc.invalidateQueries({ queryKey: PRACTICES });
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <FormCard title="New practice" onSubmit={() => create.mutate()}>
      <Group align="flex-end">
        <TextInput label="Practice name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={err?.fieldMessage('name')} />
        <Button type="submit" loading={create.isPending}>
          Create practice
        </Button>
      </Group>
      <ProblemAlert error={create.error} title="The practice was not created" />
    </FormCard>
  );
}

function InviteOwner({ practice }: { practice: Practice }): ReactElement {
  const [email, setEmail] = useState('');
  const invite = useMutation({
    mutationFn: () => api<{ id: string; token: string; expiresAt: string }>('POST', `/api/admin/practices/${practice.id}/invitations`, { email, role: 'owner' }),
    onSuccess: () => setEmail(''),
  });
  const err = invite.error instanceof ApiError ? invite.error : null;
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          invite.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Invite the owner of {practice.name}
          </Title>
          <Group align="flex-end">
            <TextInput label="Owner's email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldMessage('email')} />
            <Button type="submit" loading={invite.isPending}>
              Create invitation
            </Button>
          </Group>
          <ProblemAlert error={invite.error} title="No invitation was created" />
          {invite.data && <InvitationLink token={invite.data.token} expiresAt={invite.data.expiresAt} />}
        </Stack>
      </form>
    </Paper>
  );
}

/** Operator admin: the installation's practices, a new one, and its owner's invitation. */
export function PracticesPage(): ReactElement {
  const practices = useQuery({ queryKey: PRACTICES, queryFn: () => get<{ practices: Practice[] }>('/api/admin/practices') });
  const [selected, setSelected] = useState<{ id: string; panel: 'invite' | 'baa' } | null>(null);
  const chosen = practices.data?.practices.find((p) => p.id === selected?.id) ?? null;
  return (
    <Page title="Practices">
      <CreatePractice />
      <ProblemAlert error={practices.error} title="Practices could not be loaded" />
      {practices.data && practices.data.practices.length === 0 && <Text>No practice yet.</Text>}
      {practices.data && practices.data.practices.length > 0 && (
        <Table striped withTableBorder>
          <Table.Caption>Practices of this installation</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Manage</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {practices.data.practices.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={p.status === 'active' ? 'green' : 'gray'}>
                    {p.status}
                  </Badge>
                </Table.Td>
                <Table.Td>{formatTime(p.createdAt)}</Table.Td>
                <Table.Td>
                  <Group gap="xs">
                    {p.status === 'active' && (
                      <Button size="xs" variant="default" onClick={() => setSelected({ id: p.id, panel: 'invite' })} aria-label={`Invite the owner of ${p.name}`}>
                        Invite owner
                      </Button>
                    )}
                    <Button size="xs" variant="default" onClick={() => setSelected({ id: p.id, panel: 'baa' })} aria-label={`Business Associate Agreement of ${p.name}`}>
                      BAA
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {chosen && selected?.panel === 'invite' && <InviteOwner key={chosen.id} practice={chosen} />}
      {chosen && selected?.panel === 'baa' && <BaaPanel key={chosen.id} practiceId={chosen.id} practiceName={chosen.name} />}
    </Page>
  );
}
