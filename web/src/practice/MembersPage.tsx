import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, ApiError, get } from '../api/client';
import type { SessionView } from '../api/session';
import { roleLabel } from '../app/Shell';
import { InvitationLink } from '../ui/InvitationLink';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { MEMBERS_KEY, useMembers, type Member } from './members-query';
import { FormCard } from '../ui/FormCard';

export const ROLES = ['owner', 'clinician', 'staff', 'compliance', 'client', 'researcher'] as const;
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: roleLabel(r) }));

interface Invitation {
  id: string;
  role: string;
  createdAt: string;
  expiresAt: string;
  state: string;
}
const INVITATIONS_KEY = ['practice', 'invitations'] as const;

function MemberRow({ member, self }: { member: Member; self: boolean }): ReactElement {
  const qc = useQueryClient();
  const update = useMutation({
    mutationFn: (body: { role?: string; status?: string }) => api<Member>('PATCH', `/api/practice/members/${member.userId}`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: MEMBERS_KEY }),
  });
  const active = member.status === 'active';
  return (
    <Table.Tr>
      <Table.Td>{member.displayName}</Table.Td>
      <Table.Td>
        <NativeSelect
          aria-label={`Role of ${member.displayName}`}
          size="xs"
          data={ROLE_OPTIONS}
          value={member.role}
          disabled={self || update.isPending}
          onChange={(e) => update.mutate({ role: e.currentTarget.value })}
        />
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={active ? 'green' : 'gray'}>
          {active ? 'active' : member.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        {!self && (
          <Button size="xs" variant="default" loading={update.isPending} onClick={() => update.mutate({ status: active ? 'deactivated' : 'active' })} aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${member.displayName}`}>
            {active ? 'Deactivate' : 'Reactivate'}
          </Button>
        )}
        <ProblemAlert error={update.error} title="Not changed" />
      </Table.Td>
    </Table.Tr>
  );
}

function InviteForm(): ReactElement {
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('clinician');
  const invite = useMutation({
    mutationFn: () => api<{ id: string; token: string; expiresAt: string }>('POST', '/api/practice/invitations', { email, role }),
    onSuccess: async () => {
      setEmail('');
      await qc.invalidateQueries({ queryKey: INVITATIONS_KEY });
    },
  });
  const err = invite.error instanceof ApiError ? invite.error : null;
  return (
    <FormCard title="Invite someone" onSubmit={() => invite.mutate()}>
      <Group align="flex-end">
        <TextInput label="Email" type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={err?.fieldMessage('email')} />
        <NativeSelect label="Role" data={ROLE_OPTIONS} value={role} onChange={(e) => setRole(e.currentTarget.value)} />
        <Button type="submit" loading={invite.isPending}>
          Create invitation
        </Button>
      </Group>
      <ProblemAlert error={invite.error} title="No invitation was created" />
      {invite.data && <InvitationLink token={invite.data.token} expiresAt={invite.data.expiresAt} />}
    </FormCard>
  );
}

function Invitations(): ReactElement {
  const qc = useQueryClient();
  const invitations = useQuery({ queryKey: INVITATIONS_KEY, queryFn: () => get<{ invitations: Invitation[] }>('/api/practice/invitations') });
  const withdraw = useMutation({
    mutationFn: (id: string) => api('DELETE', `/api/practice/invitations/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: INVITATIONS_KEY }),
  });
  const list = invitations.data?.invitations ?? [];
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        Invitations
      </Title>
      <ProblemAlert error={invitations.error ?? withdraw.error} />
      {invitations.data && list.length === 0 && <Text>No invitation yet.</Text>}
      {list.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Th>Sent</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <span className="cf-skip">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{roleLabel(i.role)}</Table.Td>
                <Table.Td>{formatTime(i.createdAt)}</Table.Td>
                <Table.Td>{formatTime(i.expiresAt)}</Table.Td>
                <Table.Td>{i.state}</Table.Td>
                <Table.Td>
                  {i.state === 'pending' && (
                    <Button size="xs" variant="default" loading={withdraw.isPending && withdraw.variables === i.id} onClick={() => withdraw.mutate(i.id)}>
                      Withdraw
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Owner: the practice's members (role, deactivation: their sessions end at once) and invitations. */
export function MembersPage({ session }: { session: SessionView }): ReactElement {
  const members = useMembers();
  return (
    <Page title="Members">
      <ProblemAlert error={members.error} title="Members could not be loaded" />
      {members.data && (
        <Table striped withTableBorder>
          <Table.Caption>People with access to this practice</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>
                <span className="cf-skip">Actions</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data.members.map((m) => (
              <MemberRow key={m.userId} member={m} self={m.userId === session.user.id} />
            ))}
          </Table.Tbody>
        </Table>
      )}
      <InviteForm />
      <Invitations />
    </Page>
  );
}
