import { Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { formatTime } from './page';

export interface SecurityEvent {
  id: string;
  occurredAt: string;
  kind: string;
  userId: string | null;
  sourceIp: string | null;
  detail: string | null;
}

const KIND: Record<string, string> = {
  account_locked: 'Account locked after failed sign-ins',
  repeated_login_failures: 'Repeated failed sign-ins',
  break_glass_opened: 'Emergency access opened',
};

export function SecurityEventsTable({ events, names }: { events: SecurityEvent[]; names?: Map<string, string> }): ReactElement {
  if (events.length === 0) return <Text>No security event recorded.</Text>;
  return (
    <Table striped withTableBorder>
      <Table.Caption>Newest first</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Account</Table.Th>
          <Table.Th>From</Table.Th>
          <Table.Th>Detail</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{formatTime(e.occurredAt)}</Table.Td>
            <Table.Td>{KIND[e.kind] ?? e.kind}</Table.Td>
            <Table.Td className="cf-mono">{e.userId ? (names?.get(e.userId) ?? e.userId) : ''}</Table.Td>
            <Table.Td>{e.sourceIp ?? ''}</Table.Td>
            <Table.Td>{e.detail ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
