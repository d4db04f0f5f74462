import { Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { SessionView } from '../api/session';
import { roleLabel } from '../app/Shell';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

export function ChoosePracticePage({ session }: { session: SessionView }): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const choose = useMutation({
    mutationFn: (practiceId: string) => api('POST', '/api/session/practice', { practiceId }),
    onSuccess: async () => {
      qc.clear();
      await qc.invalidateQueries();
      await navigate('/');
    },
  });
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
