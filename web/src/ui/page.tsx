import { Stack, Title } from '@mantine/core';
import { useEffect, type ReactElement, type ReactNode } from 'react';

/** Page titles name the screen only: never a person, a client or anything typed. */
export function usePageTitle(screen: string): void {
  useEffect(() => {
    document.title = `${screen} · Confidant`;
  }, [screen]);
}

export function Page({ title, children }: { title: string; children: ReactNode }): ReactElement {
  usePageTitle(title);
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
