import { Alert, Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { api } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { sectionsOf, type Note } from './note-api';
import { useAutosave, type SaveState } from './useAutosave';

function statusText(state: SaveState, version: number, dirty: boolean): string {
  switch (state.kind) {
    case 'unchanged':
      return `Draft, version ${version}. Changes are saved automatically when you pause typing.`;
    case 'pending':
      return 'Changes not saved yet: they are saved when you pause typing.';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return dirty ? `Saved as version ${state.version}; newer changes are saved when you pause typing.` : `Saved as version ${state.version} at ${formatTime(state.at)}.`;
    case 'failed':
      return `Not saved: ${state.reason} Your text is still here; it is saved when you type again or press Save.`;
    case 'conflict':
      return 'Not saved: this note was saved elsewhere (another tab or device) since you opened it. Your text is still here.';
    case 'locked':
      return 'Not saved: this note was signed meanwhile and takes no more changes. Your text is still here; copy it into an addendum.';
  }
}

/**
 * The author's draft: one field per section of the format, saved automatically as a new version
 * after a pause, or with Save; signing saves what is on screen first, then signs that version.
 */
export function NoteEditor({ url, note, onSaved, onSigned, part2Editable }: { url: string; note: Note; onSaved(n: Note): void; onSigned(n: Note): void; part2Editable: boolean }): ReactElement {
  const autosave = useAutosave({ url, note, initialExtras: part2Editable ? { part2: note.part2 === true } : {}, onSaved });
  const { content, state, dirty, version } = autosave;
  const sign = useMutation({
    mutationFn: async () => {
      const v = await autosave.saveNow();
      if (v === null) throw new Error('not saved');
      return api<Note>('POST', `${url}/sign`, { version: v });
    },
    onSuccess: onSigned,
  });
  const blocked = state.kind === 'conflict' || state.kind === 'locked';
  const signError = sign.error instanceof Error && sign.error.message === 'not saved' ? null : sign.error;

  return (
    <Stack gap="sm">
      {sectionsOf(note.format).map((s) => (
        <Textarea key={s.key} label={s.label} autosize minRows={3} maxLength={50_000} value={content[s.key] ?? ''} onChange={(e) => autosave.setSection(s.key, e.currentTarget.value)} />
      ))}
      {part2Editable && (
        <Checkbox
          label="42 CFR Part 2 record (substance use disorder treatment)"
          description="Part 2 notes are left out of record exports unless they are asked for explicitly, and their follow-ups stay Part 2."
          checked={autosave.extras.part2 === true}
          onChange={(e) => autosave.setExtra('part2', e.currentTarget.checked)}
        />
      )}
      <Text size="sm" role="status" aria-live="polite" data-testid="save-status">
        {statusText(state, version, dirty)}
      </Text>
      {state.kind === 'conflict' && (
        <Alert color="yellow" title="Your text was not saved over the newer version" role="alert">
          <Stack gap="xs">
            <Text size="sm">
              Someone saved this note after you opened it, perhaps you in another tab. Nothing was overwritten and nothing you typed was lost. You can save your text as the newest version (the other
              save stays in the version history), or copy what you need and reload the page to see the other version.
            </Text>
            <Group>
              <Button size="xs" onClick={() => void autosave.saveOverLatest()}>
                Save my text as the newest version
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ProblemAlert error={signError} title="Not signed" />
      <Group>
        <Button variant="default" onClick={() => void autosave.saveNow()} loading={state.kind === 'saving'} disabled={blocked}>
          Save
        </Button>
        <Button onClick={() => sign.mutate()} loading={sign.isPending} disabled={blocked}>
          Sign and lock
        </Button>
        <Text size="sm" c="dimmed">
          Signing saves what is on screen, then locks it: later changes are addenda or amendments.
        </Text>
      </Group>
    </Stack>
  );
}
