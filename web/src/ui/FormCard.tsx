import { Paper, Stack, Title } from '@mantine/core';
import type { FormEvent, ReactElement, ReactNode } from 'react';

/**
 * A titled card holding one form. The browser's own validation is off, since the API's problems
 * are shown by each field in words, and submitting never reloads the page (nothing typed is lost).
 */
export function FormCard({ title, onSubmit, children }: { title: string; onSubmit: () => void; children: ReactNode }): ReactElement {
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          onSubmit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {title}
          </Title>
          {children}
        </Stack>
      </form>
    </Paper>
  );
}
