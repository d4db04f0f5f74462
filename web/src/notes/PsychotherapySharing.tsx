import { Button, Checkbox, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, get } from '../api/client';
import type { Member } from '../practice/members-query';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { noteKey, notesKey, type Note } from './note-api';

/** The author's per-note consent to AI processing; it governs use, not content, so it stays changeable after signing. */
export function AiOptIn({ clientId, note, url }: { clientId: string; note: Note; url: string }): ReactElement {
  const qc = useQueryClient();
  const set = useMutation({
    mutationFn: (aiOptIn: boolean) => api<Note>('PUT', `${url}/ai-opt-in`, { aiOptIn }),
    onSuccess: async (m) => {
      qc.setQueryData<Note>(noteKey(clientId, 'psychotherapy-notes', note.id), (old) => (old ? { ...old, aiOptIn: m.aiOptIn } : old));
      await qc.invalidateQueries({ queryKey: notesKey(clientId, 'psychotherapy-notes'), exact: true });
    },
  });
  return (
    <Stack gap="xs">
      <Checkbox
        label="Allow AI features to process this note"
        description="Off unless you turn it on, for this note only. You can change it at any time, also after signing."
        checked={set.isPending ? set.variables : note.aiOptIn === true}
        disabled={set.isPending}
        onChange={(e) => set.mutate(e.currentTarget.checked)}
      />
      <ProblemAlert error={set.error} title="The AI setting was not changed" />
    </Stack>
  );
}

/**
 * Who besides the author may read this psychotherapy note (and its addenda and amendments): the
 * author grants clinicians or owners one by one and may withdraw a grant; staff are never offered.
 */
export function NoteGrants({ clientId, note, url, members, me }: { clientId: string; note: Note; url: string; members: Member[]; me: string }): ReactElement {
  const qc = useQueryClient();
  const key = [...noteKey(clientId, 'psychotherapy-notes', note.id), 'grants'];
  const grants = useQuery({ queryKey: key, queryFn: () => get<{ grants: { userId: string; grantedAt: string }[] }>(`${url}/grants`) });
  const [who, setWho] = useState('');
  const change = useMutation({
    mutationFn: (v: { userId: string; grant: boolean }) => api<void>(v.grant ? 'PUT' : 'DELETE', `${url}/grants/${v.userId}`),
    onSuccess: async () => {
      setWho('');
      await qc.invalidateQueries({ queryKey: key });
    },
  });
  const granted = new Set((grants.data?.grants ?? []).map((g) => g.userId));
  const name = (id: string): string => members.find((m) => m.userId === id)?.displayName ?? 'a former member';
  const eligible = members.filter((m) => m.status === 'active' && (m.role === 'clinician' || m.role === 'owner') && m.userId !== me && !granted.has(m.userId));
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Shared with
      </Title>
      <ProblemAlert error={grants.error} title="The sharing could not be read" />
      {grants.data && grants.data.grants.length === 0 && <Text size="sm">Nobody but you can read this note.</Text>}
      {grants.data && grants.data.grants.length > 0 && (
        <Table withTableBorder fz="sm">
          <Table.Caption>Read access only; each change is recorded in the audit log.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Since</Table.Th>
              <Table.Th>
                <span className="cf-sr-only">Withdraw</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {grants.data.grants.map((g) => (
              <Table.Tr key={g.userId}>
                <Table.Td>{name(g.userId)}</Table.Td>
                <Table.Td>{formatTime(g.grantedAt)}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => change.mutate({ userId: g.userId, grant: false })} aria-label={`Stop sharing with ${name(g.userId)}`}>
                    Stop sharing
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (who) change.mutate({ userId: who, grant: true });
        }}
      >
        <Group align="flex-end">
          <NativeSelect
            label="Share with a clinician or the owner"
            value={who}
            onChange={(e) => setWho(e.currentTarget.value)}
            data={[{ value: '', label: eligible.length === 0 ? 'Nobody else can be chosen' : 'Choose a member' }, ...eligible.map((m) => ({ value: m.userId, label: `${m.displayName} (${m.role})` }))]}
          />
          <Button type="submit" variant="default" disabled={!who} loading={change.isPending}>
            Share this note
          </Button>
        </Group>
      </form>
      <ProblemAlert error={change.error} title="The sharing was not changed" />
    </Stack>
  );
}
