import { Alert, Anchor, Badge, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, type ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, get } from '../api/client';
import { useSession } from '../api/session';
import type { ClientView } from '../chart/client-view';
import { namesOf, useMembers } from '../practice/members-query';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { LinkedAppointment } from './appointments';
import { FollowUps } from './FollowUps';
import { kindLabel, noteKey, notesKey, noteUrl, chartNotePath, type Note, type NoteKindPath } from './note-api';
import { NoteText, Signature } from './NoteBody';
import { NoteEditor } from './NoteEditor';
import { AiOptIn, NoteGrants } from './PsychotherapySharing';
import { VersionHistory } from './VersionHistory';

const NOUN: Record<NoteKindPath, string> = { notes: 'progress note', 'psychotherapy-notes': 'psychotherapy note' };

function LoadProblem({ error, kind }: { error: unknown; kind: NoteKindPath }): ReactElement {
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Alert color="red" role="alert" title="This note cannot be opened">
        {kind === 'psychotherapy-notes'
          ? 'There is no such psychotherapy note for this client, or its author has not shared it with you. Psychotherapy notes are visible only to their author and to the people the author chooses.'
          : 'There is no such progress note for this client, or you do not have access to it.'}
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Alert color="red" role="alert" title="This note cannot be opened">
        Clinical notes are open only to the client&apos;s clinicians and the practice owner. Your role does not include them.
      </Alert>
    );
  }
  return <ProblemAlert error={error} title="The note could not be opened" />;
}

/** One note of the chart: the author's draft editor, or the signed note with its signature, history and follow-ups. */
export function NotePage({ client, kind }: { client: ClientView; kind: NoteKindPath }): ReactElement {
  const { noteId = '' } = useParams();
  const qc = useQueryClient();
  const me = useSession().data?.user.id ?? '';
  const members = useMembers().data?.members ?? [];
  const names = namesOf(members);
  const key = noteKey(client.id, kind, noteId);
  const url = noteUrl(client.id, kind, noteId);
  const note = useQuery({ queryKey: key, queryFn: () => get<Note>(url) });
  const listKey = notesKey(client.id, kind);
  const onSaved = useCallback(
    (n: Note) => {
      qc.setQueryData(key, n);
      void qc.invalidateQueries({ queryKey: listKey, exact: true });
    },
    [qc, client.id, kind, noteId],
  );
  const back = (
    <Anchor component={Link} to={`/clinical/clients/${client.id}/${kind}`} size="sm">
      Back to all {NOUN[kind]}s
    </Anchor>
  );
  if (note.isPending) {
    return (
      <Stack gap="sm">
        {back}
        <Loader aria-label="Loading the note" />
      </Stack>
    );
  }
  if (note.isError) {
    return (
      <Stack gap="sm">
        {back}
        <LoadProblem error={note.error} kind={kind} />
      </Stack>
    );
  }
  const n = note.data;
  const nameOf = (id: string | null): string => (id ? (names.get(id) ?? 'a former member') : '');
  const isAuthor = n.authorId === me;
  const signed = n.status === 'signed';
  // Psychotherapy notes: only the chain's author writes follow-ups; anyone who can read a progress note may.
  const canFollowUp = kind === 'notes' || isAuthor;
  const title = n.kind === 'original' ? (kind === 'notes' ? `${kindLabel(n)} progress note` : 'Psychotherapy note') : kindLabel(n);

  return (
    <Stack gap="md">
      {back}
      <Group gap="xs" align="center">
        <Title order={2} size="h3">
          {title}
        </Title>
        <Badge variant="light" color={signed ? 'green' : 'gray'}>
          {signed ? 'Signed and locked' : 'Draft'}
        </Badge>
        {n.part2 && (
          <Badge variant="light" color="orange">
            42 CFR Part 2
          </Badge>
        )}
        {kind === 'psychotherapy-notes' && (
          <Badge variant="light" color={n.aiOptIn ? 'yellow' : 'gray'}>
            {n.aiOptIn ? 'AI processing allowed' : 'No AI processing'}
          </Badge>
        )}
      </Group>
      <Text size="sm">
        Written by {nameOf(n.authorId)}
        {isAuthor ? ' (you)' : ''}, started {formatTime(n.createdAt)}, version {n.version}, last saved {formatTime(n.updatedAt)}.
      </Text>
      {n.parentId && (
        <Text size="sm">
          {n.kind === 'addendum' ? 'Addendum to ' : 'Amendment of '}
          <Anchor component={Link} to={chartNotePath(client.id, kind, n.parentId)}>
            the signed note it follows
          </Anchor>
          {n.kind === 'amendment' ? '; that note stays as it was signed.' : '.'}
        </Text>
      )}
      {n.appointmentId && <LinkedAppointment appointmentId={n.appointmentId} />}

      {!signed && isAuthor ? (
        <NoteEditor key={n.id} url={url} note={n} onSaved={onSaved} onSigned={onSaved} part2Editable={kind === 'notes' && n.kind === 'original'} />
      ) : (
        <>
          {!signed && (
            <Alert color="gray" title="Draft">
              Only its author, {nameOf(n.authorId)}, edits and signs this draft.
            </Alert>
          )}
          <NoteText note={n} />
        </>
      )}
      {signed && <Signature note={n} url={url} signerName={nameOf(n.signedBy)} />}
      <VersionHistory url={url} currentVersion={n.version} names={names} queryKey={key} />
      {kind === 'psychotherapy-notes' && isAuthor && <AiOptIn clientId={client.id} note={n} url={url} />}
      {kind === 'psychotherapy-notes' && isAuthor && n.kind === 'original' && <NoteGrants clientId={client.id} note={n} url={url} members={members} me={me} />}
      {signed && <FollowUps ctx={{ clientId: client.id, kind, names }} note={n} canWrite={canFollowUp} />}
    </Stack>
  );
}
