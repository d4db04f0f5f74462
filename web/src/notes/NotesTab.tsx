import './notes.css';
import { Button, Checkbox, Group, Loader, NativeSelect, Paper, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import { api, get } from '../api/client';
import { useSession } from '../api/session';
import type { ChartTabProps } from '../chart/client-view';
import { namesOf, useMembers } from '../practice/members-query';
import { ProblemAlert } from '../ui/ProblemAlert';
import { AppointmentPicker } from './appointments';
import { chartNotePath, FORMAT_LABEL, kindBase, notesKey, PROGRESS_FORMATS, type Note, type NoteMeta } from './note-api';
import { NotePage } from './NotePage';
import { EmptyList, ListProblem, NotesTable } from './NotesList';

function NewProgressNote({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [format, setFormat] = useState<string>('soap');
  const [appointmentId, setAppointmentId] = useState('');
  const [part2, setPart2] = useState(false);
  const start = useMutation({
    mutationFn: () => api<Note>('POST', kindBase(clientId, 'notes'), { format, content: {}, appointmentId: appointmentId || null, part2 }),
    onSuccess: async (n) => {
      await qc.invalidateQueries({ queryKey: notesKey(clientId, 'notes'), exact: true });
      void navigate(chartNotePath(clientId, 'notes', n.id));
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    start.mutate();
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-labelledby="new-progress-note">
        <Stack gap="sm">
          <Title order={3} size="h5" id="new-progress-note">
            Start a progress note
          </Title>
          <Group align="flex-end" wrap="wrap">
            <NativeSelect label="Format" value={format} onChange={(e) => setFormat(e.currentTarget.value)} data={PROGRESS_FORMATS.map((f) => ({ value: f, label: FORMAT_LABEL[f] }))} />
            <AppointmentPicker clientId={clientId} value={appointmentId} onChange={setAppointmentId} />
          </Group>
          <Checkbox label="42 CFR Part 2 record (substance use disorder treatment)" checked={part2} onChange={(e) => setPart2(e.currentTarget.checked)} />
          <Group>
            <Button type="submit" loading={start.isPending}>
              New progress note
            </Button>
          </Group>
          <ProblemAlert error={start.error} title="No note was started" />
        </Stack>
      </form>
    </Paper>
  );
}

function ProgressNotesList({ client }: ChartTabProps): ReactElement {
  const me = useSession().data?.user.id ?? '';
  const names = namesOf(useMembers().data?.members);
  const list = useQuery({ queryKey: notesKey(client.id, 'notes'), queryFn: () => get<{ documents: NoteMeta[] }>(kindBase(client.id, 'notes')) });
  if (list.isError) return <ListProblem error={list.error} noun="progress notes" />;
  return (
    <Stack gap="md">
      <NewProgressNote clientId={client.id} />
      {list.isPending && <Loader aria-label="Loading the notes" />}
      {list.data && list.data.documents.length === 0 && <EmptyList text="No progress note for this client yet." />}
      {list.data && list.data.documents.length > 0 && (
        <NotesTable clientId={client.id} kind="notes" docs={list.data.documents} names={names} me={me} caption="Newest first; addenda and amendments under the note they follow." />
      )}
    </Stack>
  );
}

/** The chart's progress notes: the list at notes, one note at notes/:noteId (ids only in the address). */
export function NotesTab({ client }: ChartTabProps): ReactElement {
  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Progress notes
      </Title>
      <Routes>
        <Route index element={<ProgressNotesList client={client} />} />
        <Route path=":noteId" element={<NotePage client={client} kind="notes" />} />
      </Routes>
    </Stack>
  );
}
