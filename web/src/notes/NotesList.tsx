import { Alert, Anchor, Badge, Group, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import { chartNotePath, kindLabel, type NoteKindPath, type NoteMeta } from './note-api';

/** Chains newest first (by their original), each original followed by its addenda and amendments, oldest first. */
export function inChains(docs: NoteMeta[]): { doc: NoteMeta; depth: number }[] {
  const byRoot = new Map<string, NoteMeta[]>();
  for (const d of docs) byRoot.set(d.rootId, [...(byRoot.get(d.rootId) ?? []), d]);
  const chains = [...byRoot.values()].map((chain) => chain.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
  chains.sort((a, b) => (b[0]?.createdAt ?? '').localeCompare(a[0]?.createdAt ?? ''));
  return chains.flatMap((chain) => chain.map((doc) => ({ doc, depth: doc.kind === 'original' ? 0 : 1 })));
}

export function ListProblem({ error, noun }: { error: unknown; noun: string }): ReactElement {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <Alert color="red" role="alert" title={`The ${noun} cannot be opened`}>
        Clinical notes are open only to the client&apos;s clinicians and the practice owner. Your role does not include them.
      </Alert>
    );
  }
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Alert color="red" role="alert" title={`The ${noun} cannot be opened`}>
        You are not on this client&apos;s care team, so their notes are not available to you.
      </Alert>
    );
  }
  return <ProblemAlert error={error} title={`The ${noun} could not be listed`} />;
}

/** The client's notes of one kind: date, format, state, author, version; each opens by id. */
export function NotesTable({ clientId, kind, docs, names, me, caption }: { clientId: string; kind: NoteKindPath; docs: NoteMeta[]; names: Map<string, string>; me: string; caption: string }): ReactElement {
  return (
    <Table striped withTableBorder fz="sm">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Started</Table.Th>
          <Table.Th>Note</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th>Author</Table.Th>
          <Table.Th>Version</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {inChains(docs).map(({ doc: d, depth }) => (
          <Table.Tr key={d.id}>
            <Table.Td>{formatTime(d.createdAt)}</Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap" pl={depth ? 'md' : 0}>
                <Anchor component={Link} to={chartNotePath(clientId, kind, d.id)}>
                  {depth ? `↳ ${kindLabel(d)}` : kindLabel(d)}
                  <span className="cf-sr-only"> of {formatTime(d.createdAt)}</span>
                </Anchor>
                {d.part2 && (
                  <Badge variant="light" color="orange" size="sm">
                    Part 2
                  </Badge>
                )}
              </Group>
            </Table.Td>
            <Table.Td>{d.status === 'signed' ? `Signed ${formatTime(d.signedAt)}` : 'Draft'}</Table.Td>
            <Table.Td>
              {names.get(d.authorId) ?? 'a former member'}
              {d.authorId === me ? ' (you)' : ''}
            </Table.Td>
            <Table.Td>{d.version}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function EmptyList({ text }: { text: string }): ReactElement {
  return <Text>{text}</Text>;
}
