import { Anchor, Badge, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, get } from '../api/client';
import { plainMessage } from '../api/problems';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { chartNotePath, kindBase, kindLabel, noteKey, notesKey, noteUrl, type Note, type NoteKindPath } from './note-api';
import { NoteText } from './NoteBody';

interface Ctx {
  clientId: string;
  kind: NoteKindPath;
  names: Map<string, string>;
}

function FollowUpCard({ ctx, id }: { ctx: Ctx; id: string }): ReactElement {
  const q = useQuery({ queryKey: noteKey(ctx.clientId, ctx.kind, id), queryFn: () => get<Note>(noteUrl(ctx.clientId, ctx.kind, id)) });
  if (q.isError) return <ProblemAlert error={q.error} title="A follow-up could not be opened" />;
  if (!q.data) return <Text size="sm">Loading…</Text>;
  const f = q.data;
  const label = kindLabel(f);
  return (
    <Stack gap={4} className="cf-followup">
      <Group gap="xs">
        <Title order={4} size="h6">
          {label} by {ctx.names.get(f.authorId) ?? 'a former member'}, {formatTime(f.createdAt)}
        </Title>
        <Badge variant="light" color={f.status === 'signed' ? 'green' : 'gray'}>
          {f.status === 'signed' ? `signed ${formatTime(f.signedAt)}` : 'draft, not signed'}
        </Badge>
      </Group>
      <NoteText note={f} headingLevel={4} />
      <Anchor component={Link} to={chartNotePath(ctx.clientId, ctx.kind, f.id)} size="sm">
        Open this {label.toLowerCase()}
        {f.status === 'draft' ? ' to edit or sign it' : ''}
      </Anchor>
    </Stack>
  );
}

/**
 * What was written after signing, listed under the note (which stays as signed): addenda (text
 * appended) and amendments (a corrected full version), each a document of its own, signed on its own.
 */
export function FollowUps({ ctx, note, canWrite }: { ctx: Ctx; note: Note; canWrite: boolean }): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [signProblem, setSignProblem] = useState<string | null>(null);
  const url = noteUrl(ctx.clientId, ctx.kind, note.id);
  const refresh = (): Promise<void> => qc.invalidateQueries({ queryKey: notesKey(ctx.clientId, ctx.kind) });
  const addendum = useMutation({
    mutationFn: async (signNow: boolean) => {
      const a = await api<Note>('POST', `${url}/addenda`, { content: { text } });
      if (!signNow) return;
      try {
        await api<Note>('POST', `${kindBase(ctx.clientId, ctx.kind)}/${a.id}/sign`, { version: a.version });
      } catch (err) {
        // The text is safe in the draft addendum; only the signature is missing.
        setSignProblem(`The addendum was saved as a draft but not signed: ${plainMessage(err)}`);
      }
    },
    onMutate: () => setSignProblem(null),
    onSuccess: async () => {
      setText('');
      await refresh();
    },
  });
  const amendment = useMutation({
    mutationFn: () => api<Note>('POST', `${url}/amendments`, { content: note.content }),
    onSuccess: async (a) => {
      await refresh();
      void navigate(chartNotePath(ctx.clientId, ctx.kind, a.id));
    },
  });
  const isAddendum = note.format === 'addendum';
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Addenda and amendments
      </Title>
      {note.addenda.length === 0 && note.amendments.length === 0 && <Text size="sm">None. The signed note above stays exactly as signed; later additions are listed here.</Text>}
      {note.addenda.map((id) => (
        <FollowUpCard key={id} ctx={ctx} id={id} />
      ))}
      {note.amendments.map((id) => (
        <FollowUpCard key={id} ctx={ctx} id={id} />
      ))}
      {canWrite && (
        <>
          <Textarea label="New addendum" description="Appended to the signed note; the note itself does not change." autosize minRows={2} maxLength={50_000} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <ProblemAlert error={addendum.error} title="The addendum was not saved" />
          {signProblem && (
            <Text size="sm" role="alert">
              {signProblem}
            </Text>
          )}
          <Group>
            <Button onClick={() => addendum.mutate(true)} loading={addendum.isPending && addendum.variables} disabled={!text.trim()}>
              Add and sign addendum
            </Button>
            <Button variant="default" onClick={() => addendum.mutate(false)} loading={addendum.isPending && !addendum.variables} disabled={!text.trim()}>
              Save addendum as draft
            </Button>
            {!isAddendum && (
              <Button variant="default" onClick={() => amendment.mutate()} loading={amendment.isPending}>
                Write an amendment
              </Button>
            )}
          </Group>
          <ProblemAlert error={amendment.error} title="No amendment was started" />
        </>
      )}
    </Stack>
  );
}
