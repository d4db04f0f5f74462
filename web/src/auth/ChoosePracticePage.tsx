import { Button, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { SessionView } from '../api/session';
import { useChoosePractice } from '../app/choose-practice';
import { roleLabel } from '../app/Shell';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

export function ChoosePracticePage({ session }: { session: SessionView }): ReactElement {
  const choose = useChoosePractice();
  const active = session.memberships.filter((m) => m.status === 'active');
  return (
    <Page title="Choose a practice">
      <Text>You belong to several practices. Each session works in one at a time.</Text>
      <Stack gap="xs" maw={420}>
        {active.map((m) => (
          <Button key={m.practiceId} variant={m.practiceId === session.activePractice?.id ? 'filled' : 'default'} onClick={() => choose.mutate(m.practiceId)} loading={choose.isPending && choose.variables === m.practiceId}>
            {m.practiceName} ({roleLabel(m.role)})
          </Button>
        ))}
      </Stack>
      <ProblemAlert error={choose.error} />
    </Page>
  );
}
