import { Loader, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { get } from '../api/client';
import { formatTime, Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { namesOf, useMembers } from './members-query';

interface Grant {
  id: string;
  clientId: string;
  userId: string;
  reason: string;
  openedAt: string;
  expiresAt: string;
  closedAt: string | null;
}

/** Owner: every emergency access in the practice, who opened it, why and for how long. */
export function BreakGlassPage(): ReactElement {
  const report = useQuery({ queryKey: ['practice', 'break-glass'], queryFn: () => get<{ grants: Grant[] }>('/api/practice/break-glass') });
  const names = namesOf(useMembers().data?.members);
  return (
    <Page title="Break-glass report">
      {report.isPending && <Loader aria-label="Loading" />}
      <ProblemAlert error={report.error} title="The report could not be loaded" />
      {report.data && report.data.grants.length === 0 && <Text>No emergency access has been opened in this practice.</Text>}
      {report.data && report.data.grants.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Opened</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Client id</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.data.grants.map((g) => (
              <Table.Tr key={g.id}>
                <Table.Td>{formatTime(g.openedAt)}</Table.Td>
                <Table.Td>{names.get(g.userId) ?? <span className="cf-mono">{g.userId}</span>}</Table.Td>
                <Table.Td className="cf-mono">{g.clientId}</Table.Td>
                <Table.Td>{g.reason}</Table.Td>
                <Table.Td>{formatTime(g.closedAt ?? g.expiresAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Page>
  );
}
