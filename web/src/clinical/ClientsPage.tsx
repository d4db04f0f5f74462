import { Button, Group, Loader, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { FormCard } from '../ui/FormCard';

interface ClientRow {
  id: string;
  displayName: string;
  status: 'active' | 'discharged';
  minor: boolean;
  demographics: { dateOfBirth: string };
}
interface Search {
  name: string;
  email: string;
  phone: string;
  status: string;
}
const KEY = ['clinical', 'clients'];
const EMPTY: Search = { name: '', email: '', phone: '', status: 'active' };

function NewClientForm(): ReactElement {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [legalFirstName, setFirst] = useState('');
  const [legalLastName, setLast] = useState('');
  const [dateOfBirth, setDob] = useState('');
  const create = useMutation({
    mutationFn: () => api<ClientRow>('POST', '/api/practice/clients', { legalFirstName, legalLastName, dateOfBirth }),
    onSuccess: async (c) => {
      await qc.invalidateQueries({ queryKey: KEY });
      // The new chart is where the rest of the record is filled in.
      await navigate(`/clinical/clients/${c.id}/overview`);
    },
  });
  const err = create.error instanceof ApiError ? create.error : null;
  return (
    <FormCard title="New client" onSubmit={() => create.mutate()}>
      <Group align="flex-start" wrap="wrap">
        <TextInput label="Legal first name" required value={legalFirstName} onChange={(e) => setFirst(e.currentTarget.value)} error={err?.fieldMessage('legalFirstName')} />
        <TextInput label="Legal last name" required value={legalLastName} onChange={(e) => setLast(e.currentTarget.value)} error={err?.fieldMessage('legalLastName')} />
        <TextInput label="Date of birth" type="date" required value={dateOfBirth} onChange={(e) => setDob(e.currentTarget.value)} error={err?.fieldMessage('dateOfBirth')} />
      </Group>
      <ProblemAlert error={create.error} title="The client was not created" />
      <Group>
        <Button type="submit" loading={create.isPending}>
          Create client and open the chart
        </Button>
      </Group>
    </FormCard>
  );
}

/**
 * Finds clients by exact name, email or phone. The terms travel in the body of a POST and stay in
 * this screen's state: never in the URL, the title or the history.
 */
function SearchForm({ onSearch }: { onSearch: (s: Search) => void }): ReactElement {
  const [form, setForm] = useState<Search>(EMPTY);
  const set = (k: keyof Search) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value });
  return (
    <form
      role="search"
      aria-label="Find a client"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onSearch({ ...form, name: form.name.trim(), email: form.email.trim(), phone: form.phone.trim() });
      }}
      noValidate
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Name" description="First, last, full or preferred name, exactly" value={form.name} onChange={set('name')} autoComplete="off" />
        <TextInput label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="off" />
        <TextInput label="Phone" type="tel" value={form.phone} onChange={set('phone')} autoComplete="off" />
        <NativeSelect
          label="Status"
          value={form.status}
          onChange={set('status')}
          data={[
            { value: 'active', label: 'In care' },
            { value: 'discharged', label: 'Discharged' },
            { value: '', label: 'All' },
          ]}
        />
        <Button type="submit">Search</Button>
        <Button
          variant="default"
          onClick={() => {
            setForm(EMPTY);
            onSearch(EMPTY);
          }}
        >
          Clear
        </Button>
      </Group>
    </form>
  );
}

/** The clients the caller may see, searched and filtered; a name opens the client's chart. */
export function ClientsPage({ owner }: { owner: boolean }): ReactElement {
  const [search, setSearch] = useState<Search>(EMPTY);
  const body = Object.fromEntries(Object.entries(search).filter(([, v]) => v !== ''));
  const clients = useInfiniteQuery({
    queryKey: [...KEY, body],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<{ clients: ClientRow[]; nextCursor: string | null }>('POST', '/api/practice/clients/search', { ...body, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = clients.data?.pages.flatMap((p) => p.clients) ?? [];
  const searching = Boolean(search.name || search.email || search.phone);
  const err = clients.error instanceof ApiError ? clients.error : null;
  return (
    <Page title="Clients">
      <NewClientForm />
      {owner && (
        <Text>
          Moving in from another system? <Link to="/clinical/clients/import">Import clients from a CSV file</Link>.
        </Text>
      )}
      <SearchForm onSearch={setSearch} />
      {err?.fieldErrors.length ? <ProblemAlert error={clients.error} title="Not searched" /> : <ProblemAlert error={clients.error} title="Clients could not be loaded" />}
      {clients.isPending && <Loader aria-label="Loading" />}
      {clients.data && rows.length === 0 && <Text role="status">{searching ? 'No client matches this search.' : 'No client here yet.'}</Text>}
      {rows.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Born</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Link to={`/clinical/clients/${c.id}`}>{c.displayName}</Link>
                  {c.minor ? ' (minor)' : ''}
                </Table.Td>
                <Table.Td>{c.demographics.dateOfBirth}</Table.Td>
                <Table.Td>{c.status === 'active' ? 'In care' : 'Discharged'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {clients.hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void clients.fetchNextPage()} loading={clients.isFetchingNextPage}>
            Show more
          </Button>
        </Group>
      )}
    </Page>
  );
}
