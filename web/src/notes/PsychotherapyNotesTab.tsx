import './notes.css';
import { Alert, Button, Checkbox, Group, Loader, Stack, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import { api, get } from '../api/client';
import { useSession } from '../api/session';
import type { ChartTabProps } from '../chart/client-view';
import { namesOf, useMembers } from '../practice/members-query';
import { ProblemAlert } from '../ui/ProblemAlert';
import { AppointmentPicker } from './appointments';
import { chartNotePath, kindBase, notesKey, type Note, type NoteMeta } from './note-api';
import { NotePage } from './NotePage';
import { EmptyList, ListProblem, NotesTable } from './NotesList';

const KIND = 'psychotherapy-notes';

function NewPsychotherapyNote({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [appointmentId, setAppointmentId] = useState('');
  const [aiOptIn, setAiOptIn] = useState(false);
  const start = useMutation({
    mutationFn: () => api<Note>('POST', kindBase(clientId, KIND), { content: {}, appointmentId: appointmentId || null, aiOptIn }),
    onSuccess: async (n) => {
      await qc.invalidateQueries({ queryKey: notesKey(clientId, KIND), exact: true });
      void navigate(chartNotePath(clientId, KIND, n.id));
    },
  });
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    start.mutate();
  };
  return (
    <form onSubmit={submit} aria-labelledby="new-psychotherapy-note">
      <Stack gap="sm">
        <Title order={3} size="h5" id="new-psychotherapy-note">
          Start a psychotherapy note
        </Title>
        <Group align="flex-end" wrap="wrap">
          <AppointmentPicker clientId={clientId} value={appointmentId} onChange={setAppointmentId} />
        </Group>
        <Checkbox label="Allow AI features to process this note" description="Off unless you turn it on; you can change it later." checked={aiOptIn} onChange={(e) => setAiOptIn(e.currentTarget.checked)} />
        <Group>
          <Button type="submit" loading={start.isPending}>
            New psychotherapy note
          </Button>
        </Group>
        <ProblemAlert error={start.error} title="No note was started" />
      </Stack>
    </form>
  );
}

function PsychotherapyList({ client }: ChartTabProps): ReactElement {
  const me = useSession().data?.user.id ?? '';
  const names = namesOf(useMembers().data?.members);
  const list = useQuery({ queryKey: notesKey(client.id, KIND), queryFn: () => get<{ documents: NoteMeta[] }>(kindBase(client.id, KIND)) });
  if (list.isError) return <ListProblem error={list.error} noun="psychotherapy notes" />;
  return (
    <Stack gap="md">
      <NewPsychotherapyNote clientId={client.id} />
      {list.isPending && <Loader aria-label="Loading the notes" />}
      {list.data && list.data.documents.length === 0 && <EmptyList text="No psychotherapy note you may read. Notes by other clinicians appear here only if their author shares them with you." />}
      {list.data && list.data.documents.length > 0 && (
        <NotesTable clientId={client.id} kind={KIND} docs={list.data.documents} names={names} me={me} caption="Your psychotherapy notes and those shared with you, newest first." />
      )}
    </Stack>
  );
}

/**
 * Psychotherapy notes (45 CFR 164.501), set apart on screen as in the database: a distinct heading
 * and frame, and a banner saying who sees them and that they never leave in a record export.
 */
export function PsychotherapyNotesTab({ client }: ChartTabProps): ReactElement {
  return (
    <section className="cf-psychotherapy" aria-labelledby="psychotherapy-heading">
      <Stack gap="md">
        <Title order={2} size="h3" id="psychotherapy-heading">
          Psychotherapy notes (kept apart from the record)
        </Title>
        <Alert color="grape" variant="light" title="Kept separate from the client's record" role="note">
          These are process notes kept apart from the medical record. Each one is visible only to its author and to the people the author shares it with, not even to the practice owner otherwise.
          They are excluded from record exports and are not progress notes: document the session itself in Progress notes.
        </Alert>
        <Routes>
          <Route index element={<PsychotherapyList client={client} />} />
          <Route path=":noteId" element={<NotePage client={client} kind={KIND} />} />
        </Routes>
      </Stack>
    </section>
  );
}
