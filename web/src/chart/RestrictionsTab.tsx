import { Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, ApiError, get, query } from '../api/client';
import { activeRole, useSession } from '../api/session';
import { namesOf, useMembers } from '../practice/members-query';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { clientDataKey, type ChartTabProps } from './client-view';
import { FormCard } from '../ui/FormCard';

interface Restriction {
  id: string;
  kind: 'exclude_member' | 'care_team_only';
  memberId: string | null;
  agreedOn: string;
  createdBy: string;
  createdAt: string;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
}

const LIFT_REASONS = [
  { value: 'client_request', label: 'The client asked' },
  { value: 'client_agreed', label: 'The client agreed' },
  { value: 'practice_notice', label: 'The practice gave notice' },
];
const liftLabel = (code: string | null): string => LIFT_REASONS.find((r) => r.value === code)?.label ?? code ?? '';
const restrictionsKey = (clientId: string): readonly unknown[] => clientDataKey(clientId, 'restrictions');

function LiftRestriction({ clientId, restriction, label }: { clientId: string; restriction: Restriction; label: string }): ReactElement {
  const qc = useQueryClient();
  const [reason, setReason] = useState('client_request');
  const lift = useMutation({
    mutationFn: () => api('DELETE', `/api/practice/clients/${clientId}/restrictions/${restriction.id}${query({ reason })}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: restrictionsKey(clientId) }),
  });
  return (
    <Stack gap={4}>
      <Group align="flex-end" gap="xs">
        <NativeSelect size="xs" label="Why lifted" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data={LIFT_REASONS} aria-label={`Why lift: ${label}`} />
        <Button size="xs" variant="default" onClick={() => lift.mutate()} loading={lift.isPending} aria-label={`Lift: ${label}`}>
          Lift
        </Button>
      </Group>
      <ProblemAlert error={lift.error} title="Not lifted" />
    </Stack>
  );
}

function AddRestriction({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const members = (useMembers().data?.members ?? []).filter((m) => m.status === 'active');
  const [kind, setKind] = useState<Restriction['kind']>('exclude_member');
  const [memberId, setMemberId] = useState('');
  const [agreedOn, setAgreedOn] = useState(() => new Date().toISOString().slice(0, 10));
  const add = useMutation({
    mutationFn: () => api('POST', `/api/practice/clients/${clientId}/restrictions`, { kind, agreedOn, ...(kind === 'exclude_member' ? { memberId } : {}) }),
    onSuccess: async () => {
      setMemberId('');
      await qc.invalidateQueries({ queryKey: restrictionsKey(clientId) });
    },
  });
  const err = add.error instanceof ApiError ? add.error : null;
  return (
    <FormCard title="Record an agreed restriction" onSubmit={() => add.mutate()}>
      <Group align="flex-start">
        <NativeSelect
          label="Restriction"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as Restriction['kind'])}
          data={[
            { value: 'exclude_member', label: 'Keep the record from one member' },
            { value: 'care_team_only', label: 'Care team only' },
          ]}
        />
        {kind === 'exclude_member' && (
          <NativeSelect
            label="Member"
            required
            value={memberId}
            onChange={(e) => setMemberId(e.currentTarget.value)}
            data={[{ value: '', label: 'Choose a member', disabled: true }, ...members.map((m) => ({ value: m.userId, label: m.displayName }))]}
            error={err?.fieldMessage('memberId')}
          />
        )}
        <TextInput label="Agreed on" type="date" required value={agreedOn} onChange={(e) => setAgreedOn(e.currentTarget.value)} error={err?.fieldMessage('agreedOn')} />
      </Group>
      <Text size="sm">
        {kind === 'exclude_member'
          ? 'The member will not find this client anywhere in Confidant, whatever their role.'
          : 'Only the care team and clinicians with a grant reach this client; the owner and staff no longer read the record, except through emergency access.'}
      </Text>
      <ProblemAlert error={add.error} title="The restriction was not recorded" />
      <Group>
        <Button type="submit" loading={add.isPending} disabled={kind === 'exclude_member' && !memberId}>
          Record restriction
        </Button>
      </Group>
    </FormCard>
  );
}

function ManageRestrictions({ clientId }: { clientId: string }): ReactElement {
  const list = useQuery({ queryKey: restrictionsKey(clientId), queryFn: () => get<{ restrictions: Restriction[] }>(`/api/practice/clients/${clientId}/restrictions`) });
  const names = namesOf(useMembers().data?.members);
  const describe = (r: Restriction): string => (r.kind === 'care_team_only' ? 'Care team only' : `Kept from ${r.memberId ? (names.get(r.memberId) ?? 'a former member') : 'a member'}`);
  return (
    <Stack gap="md">
      <Text size="sm">Restrictions the client asked for and the practice agreed to (HIPAA 164.522(a)). A lifted restriction stays on record.</Text>
      <ProblemAlert error={list.error} title="Restrictions could not be loaded" />
      {list.data && list.data.restrictions.length === 0 && <Text>No restriction recorded for this client.</Text>}
      {list.data && list.data.restrictions.length > 0 && (
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Restriction</Table.Th>
              <Table.Th>Agreed on</Table.Th>
              <Table.Th>State</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.restrictions.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{describe(r)}</Table.Td>
                <Table.Td>{r.agreedOn}</Table.Td>
                <Table.Td>{r.liftedAt ? `Lifted ${formatTime(r.liftedAt)}: ${liftLabel(r.liftReason)}` : <LiftRestriction clientId={clientId} restriction={r} label={describe(r)} />}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddRestriction clientId={clientId} />
    </Stack>
  );
}

/** Restrictions are the owner's to record and lift; others are told who to ask. */
export function RestrictionsTab({ client }: ChartTabProps): ReactElement {
  const session = useSession();
  if (session.data && activeRole(session.data) === 'owner') return <ManageRestrictions clientId={client.id} />;
  return <Text>The practice owner records and lifts restrictions a client asks for. Tell them if this client asks to keep their record from someone.</Text>;
}
