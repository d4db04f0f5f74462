import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { api, ApiError, get } from '../api/client';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { ClientIdForm } from './ClientIdForm';
import { NOTE_FORMATS, type NoteFormat } from '../../../src/modules/notes/formats';

interface NoteMeta {
  id: string;
  format: NoteFormat;
  status: 'draft' | 'signed';
  version: number;
  signedAt: string | null;
  contentSha256: string | null;
  updatedAt: string;
}
interface Note extends NoteMeta {
  content: Record<string, string>;
}

const FORMAT_LABEL: Record<NoteFormat, string> = { soap: 'SOAP', dap: 'DAP', birp: 'BIRP', girp: 'GIRP' };

/**
 * One progress note: sections edited locally, saved as a new version against the version they came
 * from (a 409 keeps every word typed and says why), signed and locked by its author.
 */
function NoteEditor({ clientId, note, onChanged }: { clientId: string; note: Note; onChanged: () => Promise<void> }): ReactElement {
  const [content, setContent] = useState<Record<string, string>>(note.content);
  const [version, setVersion] = useState(note.version);
  const [status, setStatus] = useState(note.status);
  const base = `/api/practice/clients/${clientId}/notes/${note.id}`;
  const save = useMutation({
    mutationFn: () => api<Note>('PUT', base, { baseVersion: version, content }),
    onSuccess: async (n) => {
      setVersion(n.version);
      await onChanged();
    },
  });
  const sign = useMutation({
    mutationFn: () => api<Note>('POST', `${base}/sign`, { version }),
    onSuccess: async (n) => {
      setStatus(n.status);
      await onChanged();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const signed = status === 'signed';
  const dirty = JSON.stringify(content) !== JSON.stringify(note.content) && !save.isSuccess;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {FORMAT_LABEL[note.format]} progress note
          </Title>
          <Badge variant="light" color={signed ? 'green' : 'gray'}>
            {signed ? 'signed and locked' : `draft, version ${version}`}
          </Badge>
        </Group>
        {NOTE_FORMATS[note.format].map((s) => (
          <Textarea
            key={s.key}
            label={s.label}
            autosize
            minRows={2}
            readOnly={signed}
            value={content[s.key] ?? ''}
            onChange={(e) => setContent({ ...content, [s.key]: e.currentTarget.value })}
            error={err?.fieldMessage(`content/${s.key}`)}
          />
        ))}
        {err?.status === 409 && (
          <Alert color="yellow" role="alert" title="Not saved: the note changed elsewhere">
            Another save or a signature came first. Your text is still here: copy what you need, then reopen the note.
          </Alert>
        )}
        {err?.status !== 409 && <ProblemAlert error={save.error} title="Not saved" />}
        <ProblemAlert error={sign.error} title="Not signed" />
        {!signed && (
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              Save
            </Button>
            <Button variant="default" onClick={() => sign.mutate()} loading={sign.isPending} disabled={dirty}>
              Sign and lock
            </Button>
            {save.isSuccess && !dirty && <Text size="sm" role="status">Saved as version {version}.</Text>}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function ClientNotes({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const key = ['clinical', 'notes', clientId];
  const list = useQuery({ queryKey: key, queryFn: () => get<{ documents: NoteMeta[] }>(`/api/practice/clients/${clientId}/notes`) });
  const [format, setFormat] = useState<NoteFormat>('soap');
  const [openId, setOpenId] = useState<string | null>(null);
  const open = useQuery({ queryKey: [...key, openId], enabled: openId !== null, queryFn: () => get<Note>(`/api/practice/clients/${clientId}/notes/${openId}`) });
  const start = useMutation({
    mutationFn: () => api<Note>('POST', `/api/practice/clients/${clientId}/notes`, { format, content: {} }),
    onSuccess: async (n) => {
      await qc.invalidateQueries({ queryKey: key, exact: true });
      setOpenId(n.id);
    },
  });
  const refresh = (): Promise<void> => qc.invalidateQueries({ queryKey: key, exact: true });
  if (list.isError) return <ProblemAlert error={list.error} title="The client's notes could not be opened" />;
  return (
    <Stack gap="md">
      <Group align="flex-end">
        <NativeSelect label="Format" value={format} onChange={(e) => setFormat(e.currentTarget.value as NoteFormat)} data={Object.entries(FORMAT_LABEL).map(([value, label]) => ({ value, label }))} />
        <Button onClick={() => start.mutate()} loading={start.isPending}>
          New progress note
        </Button>
      </Group>
      <ProblemAlert error={start.error} title="No note was started" />
      {list.data && list.data.documents.length === 0 && <Text>No progress note for this client yet.</Text>}
      {list.data && list.data.documents.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Last change</Table.Th>
              <Table.Th>Format</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>
                <span className="cf-skip">Open</span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.documents.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{formatTime(d.updatedAt)}</Table.Td>
                <Table.Td>{FORMAT_LABEL[d.format] ?? d.format}</Table.Td>
                <Table.Td>{d.status === 'signed' ? `signed ${formatTime(d.signedAt)}` : `draft, version ${d.version}`}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setOpenId(d.id)}>
                    Open
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ProblemAlert error={open.error} title="The note could not be opened" />
      {open.data && <NoteEditor key={`${open.data.id}-${open.data.version}-${open.data.status}`} clientId={clientId} note={open.data} onChanged={refresh} />}
    </Stack>
  );
}

/** Progress notes of one client (psychotherapy notes are kept apart and not shown here). */
export function NotesPage(): ReactElement {
  const [clientId, setClientId] = useState<string | null>(null);
  return (
    <Page title="Progress notes">
      <ClientIdForm onChoose={setClientId} action="Open notes" />
      {clientId && <ClientNotes key={clientId} clientId={clientId} />}
    </Page>
  );
}
