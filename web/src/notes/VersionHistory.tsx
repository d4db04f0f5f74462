import { Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactElement } from 'react';
import { get } from '../api/client';
import { formatTime } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';
import type { SectionDiff, VersionMeta } from './note-api';

/**
 * Word-level differences, section by section. Insertions and deletions are <ins> and <del>
 * (underlined and struck through, not only coloured) and each carries a spoken "added" / "removed".
 */
export function DiffView({ sections, from, to }: { sections: SectionDiff[]; from: number; to: number }): ReactElement {
  const changed = sections.filter((s) => s.changed);
  return (
    <Stack gap="xs" aria-label={`Differences from version ${from} to version ${to}`} role="region">
      <Text size="sm">
        From version {from} to version {to}: added words are <ins className="cf-ins">underlined</ins>, removed words are <del className="cf-del">struck through</del>.
        {changed.length === 0 && ' The two versions have the same text.'}
      </Text>
      {sections.map((s) => (
        <div key={s.section}>
          <Title order={4} size="h6">
            {s.label}
            {s.changed ? '' : ' (no change)'}
          </Title>
          {s.changed && (
            <Text className="cf-note-text" data-testid={`diff-${s.section}`}>
              {s.parts.map((p, i) =>
                p.op === 'insert' ? (
                  <ins key={i} className="cf-ins">
                    <span className="cf-sr-only">[added: </span>
                    {p.text}
                    <span className="cf-sr-only">]</span>
                  </ins>
                ) : p.op === 'delete' ? (
                  <del key={i} className="cf-del">
                    <span className="cf-sr-only">[removed: </span>
                    {p.text}
                    <span className="cf-sr-only">]</span>
                  </del>
                ) : (
                  <span key={i}>{p.text}</span>
                ),
              )}
            </Text>
          )}
        </div>
      ))}
    </Stack>
  );
}

/** Every saved version of a note, and the differences between any two. Opened on demand: each read is audited. */
export function VersionHistory({ url, currentVersion, names, queryKey }: { url: string; currentVersion: number; names: Map<string, string>; queryKey: readonly unknown[] }): ReactElement {
  const [open, setOpen] = useState(false);
  const versions = useQuery({ queryKey: [...queryKey, 'versions', currentVersion], enabled: open, queryFn: () => get<{ versions: VersionMeta[] }>(`${url}/versions`) });
  // Unchosen, the comparison is the latest version against the one before it, as versions come in.
  const [chosenFrom, setFrom] = useState<string | null>(null);
  const [chosenTo, setTo] = useState<string | null>(null);
  const from = chosenFrom ?? String(Math.max(1, currentVersion - 1));
  const to = chosenTo ?? String(currentVersion);
  const diff = useMutation({ mutationFn: (v: { a: string; b: string }) => get<{ sections: SectionDiff[] }>(`${url}/versions/${v.a}/diff/${v.b}`).then((d) => ({ ...d, a: Number(v.a), b: Number(v.b) })) });
  const options = (versions.data?.versions ?? []).map((v) => ({ value: String(v.version), label: `Version ${v.version}` }));

  return (
    <Stack gap="xs">
      <Group>
        <Title order={3} size="h5">
          Version history
        </Title>
        <Button size="xs" variant="subtle" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? 'Hide version history' : `Show version history (${currentVersion} ${currentVersion === 1 ? 'version' : 'versions'})`}
        </Button>
      </Group>
      {open && (
        <>
          <ProblemAlert error={versions.error} title="The versions could not be listed" />
          {versions.data && (
            <Table withTableBorder fz="sm">
              <Table.Caption>Every save is kept as a version; nothing is overwritten.</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Version</Table.Th>
                  <Table.Th>Saved by</Table.Th>
                  <Table.Th>Saved at</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {versions.data.versions.map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td>{v.version}</Table.Td>
                    <Table.Td>{names.get(v.savedBy) ?? 'a former member'}</Table.Td>
                    <Table.Td>{formatTime(v.savedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {options.length > 1 && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                diff.mutate({ a: from, b: to });
              }}
            >
              <Group align="flex-end">
                <NativeSelect label="Compare version" value={from} onChange={(e) => setFrom(e.currentTarget.value)} data={options} />
                <NativeSelect label="with version" value={to} onChange={(e) => setTo(e.currentTarget.value)} data={options} />
                <Button type="submit" variant="default" loading={diff.isPending}>
                  Show differences
                </Button>
              </Group>
            </form>
          )}
          <ProblemAlert error={diff.error} title="The differences could not be shown" />
          {diff.data && <DiffView sections={diff.data.sections} from={diff.data.a} to={diff.data.b} />}
        </>
      )}
    </Stack>
  );
}
