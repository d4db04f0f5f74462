import { Alert, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { get } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { sectionsOf, type Note, type Verification } from './note-api';

/** A note's text, read-only: one titled block per section, line breaks kept. */
export function NoteText({ note, headingLevel = 3 }: { note: Pick<Note, 'format' | 'content'>; headingLevel?: 3 | 4 }): ReactElement {
  return (
    <Stack gap="xs">
      {sectionsOf(note.format).map((s) => (
        <div key={s.key}>
          <Title order={headingLevel} size="h5">
            {s.label}
          </Title>
          <Text className="cf-note-text">{note.content[s.key]?.trim() ? note.content[s.key] : <em>(nothing written)</em>}</Text>
        </div>
      ))}
    </Stack>
  );
}

const REASON: Record<Verification['reason'], string> = {
  ok: 'The content matches its signature: the SHA-256 recomputed from the stored note equals the one recorded at signing.',
  unsigned: 'This note is not signed, so there is nothing to verify yet.',
  hash_mismatch: 'The content does NOT match its signature: the note or its recorded hash was changed after signing. Tell the practice owner.',
  undecryptable: 'The stored note could not be read back: its encrypted content was changed after signing. Tell the practice owner.',
};

/** Who signed, when, the SHA-256 recorded then, and a check that recomputes it from the stored note. */
export function Signature({ note, url, signerName }: { note: Note; url: string; signerName: string }): ReactElement {
  const verify = useMutation({ mutationFn: () => get<Verification>(`${url}/verify`) });
  const v = verify.data;
  return (
    <Stack gap="xs" className="cf-signature">
      <Text size="sm">
        Signed and locked by <strong>{signerName}</strong> on {formatTime(note.signedAt)} (version {note.version}).
      </Text>
      <Text size="sm">
        Content SHA-256: <Code className="cf-mono">{note.contentSha256}</Code>
      </Text>
      <Group>
        <Button size="xs" variant="default" onClick={() => verify.mutate()} loading={verify.isPending}>
          Verify signature
        </Button>
      </Group>
      <ProblemAlert error={verify.error} title="The signature could not be checked" />
      {v && (
        <Alert color={v.valid ? 'green' : 'red'} role="status" title={v.valid ? 'Signature verified' : 'Signature check failed'}>
          <Text size="sm">{REASON[v.reason]}</Text>
          {v.computedSha256 && (
            <Text size="sm">
              Recomputed: <Code className="cf-mono">{v.computedSha256}</Code>
            </Text>
          )}
        </Alert>
      )}
    </Stack>
  );
}
