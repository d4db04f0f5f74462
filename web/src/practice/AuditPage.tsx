import { Button, Group, Loader, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { ApiError, download, get, query } from '../api/client';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { namesOf, useMembers } from './members-query';

interface AuditEvent {
  id: string;
  occurredAt: string;
  actorUserId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  subjectClientId: string | null;
  purposeOfUse: string | null;
  outcome: string;
  seal: { seq: number } | null;
}

interface Filters {
  action: string;
  resourceType: string;
  outcome: string;
  actorUserId: string;
  clientId: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', resourceType: '', outcome: '', actorUserId: '', clientId: '', from: '', to: '' };
const PAGE_SIZES = ['10', '50', '200'];

/** datetime-local gives local wall time; the API wants an instant. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

function apiFilters(f: Filters): Record<string, string | undefined> {
  return {
    action: f.action.trim() || undefined,
    resourceType: f.resourceType.trim() || undefined,
    outcome: f.outcome || undefined,
    actorUserId: f.actorUserId || undefined,
    clientId: f.clientId.trim() || undefined,
    from: instant(f.from),
    to: instant(f.to),
  };
}

// Text colours with at least 4.5:1 on white and on the striped rows.
const OUTCOME_COLOR: Record<string, string> = { success: '#1f6b31', denied: '#9c3a0b', error: '#a51d1d' };

/**
 * Owner: the practice's audit trail (45 CFR 164.312(b)). Filters, newest first, cursor paging;
 * exports of the sealed trail as CSV, JSON lines or FHIR AuditEvent; the signed checkpoint.
 * Viewing, exporting and downloading are themselves recorded by the server.
 */
export function AuditPage(): ReactElement {
  const names = namesOf(useMembers().data?.members);
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<Filters>(EMPTY);
  // Cursors of the pages before the current one, so "Newer" can step back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [pageSize, setPageSize] = useState('50');
  const cursor = cursors[cursors.length - 1];
  const page = useQuery({
    queryKey: ['practice', 'audit', applied, pageSize, cursor ?? ''],
    queryFn: () => get<{ events: AuditEvent[]; nextCursor: string | null }>(`/api/audit/events${query({ ...apiFilters(applied), limit: pageSize, cursor })}`),
  });
  const exporter = useMutation({
    mutationFn: (format: 'csv' | 'jsonl' | 'fhir') => download(`/api/audit/export${query({ ...apiFilters(applied), format })}`, `audit-export.${format === 'fhir' ? 'json' : format}`),
  });
  const checkpoint = useMutation({ mutationFn: () => download('/api/audit/checkpoint', 'audit-checkpoint.json') });
  const err = page.error instanceof ApiError ? page.error : null;
  const set = (k: keyof Filters) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setApplied(draft);
    setCursors([undefined]);
  };
  const actorOptions = [{ value: '', label: 'Anyone' }, ...[...names.entries()].map(([id, name]) => ({ value: id, label: name }))];

  return (
    <Page title="Audit log">
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Group align="flex-end" wrap="wrap">
              <TextInput label="Action" placeholder="read, login, export…" value={draft.action} onChange={set('action')} error={err?.fieldMessage('action')} />
              <TextInput label="Resource type" placeholder="session, client…" value={draft.resourceType} onChange={set('resourceType')} error={err?.fieldMessage('resourceType')} />
              <NativeSelect
                label="Outcome"
                value={draft.outcome}
                onChange={set('outcome')}
                data={[
                  { value: '', label: 'Any' },
                  { value: 'success', label: 'Success' },
                  { value: 'denied', label: 'Denied' },
                  { value: 'error', label: 'Error' },
                ]}
              />
              <NativeSelect label="Who" value={draft.actorUserId} onChange={set('actorUserId')} data={actorOptions} />
            </Group>
            <Group align="flex-end" wrap="wrap">
              <TextInput label="Client id" value={draft.clientId} onChange={set('clientId')} error={err?.fieldMessage('clientId')} miw={320} />
              <TextInput label="From" type="datetime-local" value={draft.from} onChange={set('from')} error={err?.fieldMessage('from')} />
              <TextInput label="To" type="datetime-local" value={draft.to} onChange={set('to')} error={err?.fieldMessage('to')} />
              <Button type="submit">Search</Button>
              <Button
                variant="subtle"
                onClick={() => {
                  setDraft(EMPTY);
                  setApplied(EMPTY);
                  setCursors([undefined]);
                }}
              >
                Clear filters
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <Group>
        <Text size="sm">Export the sealed events matching the filters:</Text>
        <Button size="xs" variant="default" onClick={() => exporter.mutate('csv')} loading={exporter.isPending && exporter.variables === 'csv'}>
          CSV
        </Button>
        <Button size="xs" variant="default" onClick={() => exporter.mutate('jsonl')} loading={exporter.isPending && exporter.variables === 'jsonl'}>
          JSON lines
        </Button>
        <Button size="xs" variant="default" onClick={() => exporter.mutate('fhir')} loading={exporter.isPending && exporter.variables === 'fhir'}>
          FHIR AuditEvent
        </Button>
        <Button size="xs" variant="default" onClick={() => checkpoint.mutate()} loading={checkpoint.isPending}>
          Download signed checkpoint
        </Button>
      </Group>
      <ProblemAlert error={exporter.error ?? checkpoint.error} title="Nothing was downloaded" />

      <ProblemAlert error={page.error} title="The audit log could not be searched" />
      {page.isPending && <Loader aria-label="Loading" />}
      {page.data && page.data.events.length === 0 && <Text>No event matches.</Text>}
      {page.data && page.data.events.length > 0 && (
        <Table striped withTableBorder fz="sm">
          <Table.Caption>Newest first; a sealed event has its place in the hash chain.</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Resource</Table.Th>
              <Table.Th>Client id</Table.Th>
              <Table.Th>Outcome</Table.Th>
              <Table.Th>Sealed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.data.events.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td miw={110}>{formatTime(e.occurredAt)}</Table.Td>
                <Table.Td>
                  {e.actorUserId ? (names.get(e.actorUserId) ?? <span className="cf-mono">{e.actorUserId}</span>) : 'system'}
                  {e.actorRole ? ` (${e.actorRole})` : ''}
                </Table.Td>
                <Table.Td>{e.action}</Table.Td>
                <Table.Td>
                  {e.resourceType}
                  {e.resourceId ? <span className="cf-mono"> {e.resourceId}</span> : null}
                </Table.Td>
                <Table.Td className="cf-mono">{e.subjectClientId ?? ''}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} c={OUTCOME_COLOR[e.outcome] ?? 'gray.8'}>
                    {e.outcome}
                  </Text>
                </Table.Td>
                <Table.Td>{e.seal ? `#${e.seal.seq}` : 'not yet'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="flex-end">
        <NativeSelect
          label="Events per page"
          value={pageSize}
          onChange={(e) => {
            setPageSize(e.currentTarget.value);
            setCursors([undefined]);
          }}
          data={PAGE_SIZES}
        />
        <Text size="sm" aria-live="polite">
          Page {cursors.length}
        </Text>
        <Button variant="default" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer
        </Button>
        <Button variant="default" disabled={!page.data?.nextCursor} onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}>
          Older
        </Button>
      </Group>
    </Page>
  );
}
