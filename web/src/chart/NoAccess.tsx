import { Alert, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError } from '../api/client';
import { ProblemAlert } from '../ui/ProblemAlert';
import { chartKey } from './client-view';
import { rememberEmergencyAccess } from './emergency-access';

interface BreakGlassGrant {
  id: string;
  clientId: string;
  expiresAt: string;
}

/**
 * The chart is out of the reader's reach (not on the care team, no grant, or a restriction): the
 * server answers as if the client did not exist, so the screen says both in plain words and offers
 * emergency access, which needs a written reason and is reported to the practice.
 */
export function NoAccess({ clientId }: { clientId: string }): ReactElement {
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const open = useMutation({
    mutationFn: () => api<BreakGlassGrant>('POST', `/api/practice/clients/${clientId}/break-glass`, { reason }),
    onSuccess: async (grant) => {
      rememberEmergencyAccess(clientId, grant.expiresAt);
      await qc.invalidateQueries({ queryKey: chartKey(clientId) });
    },
  });
  const err = open.error instanceof ApiError ? open.error : null;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    open.mutate();
  };
  return (
    <Stack gap="md">
      <Alert color="yellow" title="This chart is not open to you" role="alert">
        You are not on this client&apos;s care team and hold no grant for them, or the client has asked that their record be kept from you. If no client has this record in the practice, the answer is the same.
      </Alert>
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Title order={2} size="h4">
              Emergency access
            </Title>
            <Text size="sm">
              In an emergency you may open the chart for up to an hour. Write why: the reason is kept with your name, the practice owner is told, and everything you read or change is recorded as emergency use.
            </Text>
            <Textarea label="Reason for emergency access" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={err?.fieldMessage('reason')} />
            {err?.status === 404 ? (
              <Alert color="red" role="alert" title="Not opened">
                No client has this record in the practice.
              </Alert>
            ) : (
              <ProblemAlert error={open.error} title="Emergency access was not opened" />
            )}
            <Group>
              <Button type="submit" loading={open.isPending}>
                Open with emergency access
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
