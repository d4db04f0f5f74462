import { Paper, Stack, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { usePageTitle } from '../ui/page';

/** The frame of the screens before the app: setup, sign-in, invitation, MFA enrolment. */
export function CenteredCard({ title, children }: { title: string; children: ReactNode }): ReactElement {
  usePageTitle(title);
  return (
    <main className="cf-centered">
      <Paper withBorder p="xl" radius="md">
        <Stack gap="md">
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </main>
  );
}
