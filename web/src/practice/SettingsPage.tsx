import { Alert, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, get } from '../api/client';
import { BAA_LABEL, type BaaRecord } from '../admin/BaaPanel';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

const KEY = ['practice', 'settings'] as const;

/** Owner: the practice's automatic logoff (idle minutes, 5 to 60). */
export function SettingsPage(): ReactElement {
  const qc = useQueryClient();
  const settings = useQuery({ queryKey: KEY, queryFn: () => get<{ sessionIdleMinutes: number }>('/api/practice/settings') });
  const baa = useQuery({ queryKey: ['practice', 'baa'], queryFn: () => get<BaaRecord>('/api/practice/baa') });
  const [minutes, setMinutes] = useState<number | string>('');
  useEffect(() => {
    if (settings.data) setMinutes(settings.data.sessionIdleMinutes);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => api<{ sessionIdleMinutes: number }>('PATCH', '/api/practice/settings', { sessionIdleMinutes: Number(minutes) }),
    onSuccess: (data) => qc.setQueryData(KEY, data),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  return (
    <Page title="Practice settings">
      <ProblemAlert error={settings.error} title="Settings could not be loaded" />
      {baa.data && (
        <Alert color={baa.data.status === 'executed' ? 'green' : 'yellow'} role="status" title={`Business Associate Agreement: ${BAA_LABEL[baa.data.status]}`}>
          {baa.data.status === 'executed'
            ? `Recorded by the operator, in effect since ${baa.data.effectiveDate ?? ''}.`
            : 'Client records cannot be created or received until the operator records an executed BAA for this practice.'}
        </Alert>
      )}
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <Stack gap="sm" maw={420}>
          <Text>After this many minutes without activity a session is signed out and its screen cleared. It applies to sessions that enter the practice from now on.</Text>
          <Group align="flex-end">
            <NumberInput label="Automatic sign-out after (minutes)" min={5} max={60} allowDecimal={false} value={minutes} onChange={setMinutes} error={err?.fieldMessage('sessionIdleMinutes')} />
            <Button type="submit" loading={save.isPending} disabled={!settings.data}>
              Save
            </Button>
          </Group>
          <ProblemAlert error={save.error} title="Not saved" />
          {save.isSuccess && !save.isPending && (
            <Alert color="green" role="status">
              Saved.
            </Alert>
          )}
        </Stack>
      </form>
    </Page>
  );
}
