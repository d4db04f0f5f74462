import { Alert, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent, type ReactElement } from 'react';
import { api, ApiError, get } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

export interface BaaRecord {
  status: 'none' | 'pending' | 'executed' | 'terminated';
  effectiveDate: string | null;
  signatory: string | null;
  documentSha256: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
}

export const BAA_LABEL: Record<BaaRecord['status'], string> = {
  none: 'No BAA',
  pending: 'Pending signature',
  executed: 'Executed',
  terminated: 'Terminated',
};

/** SHA-256 of the signed document, computed here: the document itself never leaves the browser. */
async function sha256Hex(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Operator admin: a practice's Business Associate Agreement (45 CFR 164.308(b), 164.504(e)). Until
 * one is executed, the practice's PHI routes answer 403; the history is append-only.
 */
export function BaaPanel({ practiceId, practiceName }: { practiceId: string; practiceName: string }): ReactElement {
  const qc = useQueryClient();
  const key = ['admin', 'baa', practiceId];
  const baa = useQuery({ queryKey: key, queryFn: () => get<{ current: BaaRecord; history: BaaRecord[] }>(`/api/admin/practices/${practiceId}/baa`) });
  const [status, setStatus] = useState<BaaRecord['status']>('executed');
  const [effectiveDate, setEffectiveDate] = useState('');
  const [signatory, setSignatory] = useState('');
  const [documentSha256, setDocumentSha256] = useState('');
  const [hashing, setHashing] = useState(false);
  const record = useMutation({
    mutationFn: () =>
      api<BaaRecord>('PUT', `/api/admin/practices/${practiceId}/baa`, {
        status,
        effectiveDate: effectiveDate || null,
        signatory: signatory.trim() || null,
        documentSha256: documentSha256.trim() || null,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
  const err = record.error instanceof ApiError ? record.error : null;
  const onFile = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = e.currentTarget.files?.[0];
    if (!file) return;
    setHashing(true);
    try {
      setDocumentSha256(await sha256Hex(file));
    } finally {
      setHashing(false);
    }
  };
  const current = baa.data?.current;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          Business Associate Agreement of {practiceName}
        </Title>
        <ProblemAlert error={baa.error} title="The BAA could not be loaded" />
        {current && (
          <Alert color={current.status === 'executed' ? 'green' : 'yellow'} role="status" title={BAA_LABEL[current.status]}>
            {current.status === 'executed'
              ? `In effect since ${current.effectiveDate ?? ''}, signed by ${current.signatory ?? ''}.`
              : current.status === 'terminated'
                ? `Terminated on ${current.effectiveDate ?? ''}: the practice's records can be read and exported, not changed.`
                : 'Until a BAA is executed, the practice cannot create or receive PHI.'}
          </Alert>
        )}
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            record.mutate();
          }}
          noValidate
        >
          <Stack gap="sm">
            <Group align="flex-end" wrap="wrap">
              <NativeSelect
                label="New status"
                value={status}
                onChange={(e) => setStatus(e.currentTarget.value as BaaRecord['status'])}
                data={(['pending', 'executed', 'terminated', 'none'] as const).map((s) => ({ value: s, label: BAA_LABEL[s] }))}
              />
              <TextInput label={status === 'terminated' ? 'Termination date' : 'Effective date'} type="date" value={effectiveDate} onChange={(e) => setEffectiveDate(e.currentTarget.value)} error={err?.fieldMessage('effectiveDate')} />
              <TextInput label="Signed for the practice by" value={signatory} onChange={(e) => setSignatory(e.currentTarget.value)} error={err?.fieldMessage('signatory')} />
            </Group>
            <Group align="flex-end" wrap="wrap">
              <Stack gap={4}>
                <Text component="label" htmlFor="baa-document" size="sm" fw={500}>
                  Signed document (hashed here, not uploaded)
                </Text>
                <input id="baa-document" type="file" onChange={(e) => void onFile(e)} />
              </Stack>
              <TextInput label="Document SHA-256" classNames={{ input: 'cf-mono' }} miw={520} value={documentSha256} onChange={(e) => setDocumentSha256(e.currentTarget.value)} error={err?.fieldMessage('documentSha256')} description={hashing ? 'Hashing…' : undefined} />
            </Group>
            <ProblemAlert error={record.error} title="The BAA was not recorded" />
            <Group>
              <Button type="submit" loading={record.isPending}>
                Record
              </Button>
            </Group>
          </Stack>
        </form>
        {baa.data && baa.data.history.length > 0 && (
          <Table withTableBorder fz="sm">
            <Table.Caption>History, newest first (entries are never changed)</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Recorded</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Signatory</Table.Th>
                <Table.Th>Document SHA-256</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {baa.data.history.map((h, i) => (
                <Table.Tr key={`${h.recordedAt ?? ''}-${i}`}>
                  <Table.Td>{formatTime(h.recordedAt)}</Table.Td>
                  <Table.Td>{BAA_LABEL[h.status]}</Table.Td>
                  <Table.Td>{h.effectiveDate ?? ''}</Table.Td>
                  <Table.Td>{h.signatory ?? ''}</Table.Td>
                  <Table.Td className="cf-mono">{h.documentSha256 ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {baa.data && baa.data.history.length === 0 && <Text size="sm">Nothing recorded yet.</Text>}
      </Stack>
    </Paper>
  );
}
