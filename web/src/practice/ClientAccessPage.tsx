import { Loader, NativeSelect, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { Link } from 'react-router';
import { get, query } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

interface ClientRow {
  id: string;
  displayName: string;
  status: string;
}

/**
 * Owner: who may see each client. Access is managed on the client's chart (care team, grants,
 * restrictions); this screen is the way in, one line per client.
 */
export function ClientAccessPage(): ReactElement {
  const [status, setStatus] = useState('active');
  const clients = useQuery({ queryKey: ['practice', 'client-access', status], queryFn: () => get<{ clients: ClientRow[]; nextCursor: string | null }>(`/api/practice/clients${query({ status, limit: 100 })}`) });
  return (
    <Page title="Client access">
      <Text>Each client&apos;s care team, grants and restrictions are on their chart.</Text>
      <NativeSelect
        label="Clients"
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value)}
        data={[
          { value: 'active', label: 'In care' },
          { value: 'discharged', label: 'Discharged' },
        ]}
        maw={240}
      />
      {clients.isPending && <Loader aria-label="Loading" />}
      <ProblemAlert error={clients.error} title="Clients could not be loaded" />
      {clients.data && clients.data.clients.length === 0 && <Text>No client here.</Text>}
      {clients.data && clients.data.clients.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Client</Table.Th>
              <Table.Th>Care team and grants</Table.Th>
              <Table.Th>Restrictions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {clients.data.clients.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.displayName}</Table.Td>
                <Table.Td>
                  <Link to={`/clinical/clients/${c.id}/care-team`} aria-label={`Care team of ${c.displayName}`}>
                    Care team
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Link to={`/clinical/clients/${c.id}/restrictions`} aria-label={`Restrictions of ${c.displayName}`}>
                    Restrictions
                  </Link>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {clients.data?.nextCursor && <Text size="sm">More clients than shown: search for one on the Clients screen.</Text>}
    </Page>
  );
}
