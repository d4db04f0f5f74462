import { Alert, List } from '@mantine/core';
import type { ReactElement } from 'react';
import { ApiError } from '../api/client';
import { plainMessage } from '../api/problems';

/** A failed call in plain words, announced to screen readers; field notes listed under it. */
export function ProblemAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }): ReactElement | null {
  if (!error) return null;
  const fieldNotes = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      {plainMessage(error)}
      {fieldNotes.length > 0 && (
        <List size="sm" mt="xs">
          {fieldNotes.map((f, i) => (
            <List.Item key={i}>{f.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
