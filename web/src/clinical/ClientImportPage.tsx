import { Alert, Button, Checkbox, FileInput, Group, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../api/client';
import { Page } from '../ui/page';
import { ProblemAlert } from '../ui/ProblemAlert';

interface ImportReport {
  mode: 'all_or_nothing' | 'partial';
  rows: number;
  rejectedRows: number;
  imported: number;
  refused: boolean;
  problems: { row: number; field: string; message: string }[];
}

const reportOf = (err: unknown): ImportReport | null => {
  const report = err instanceof ApiError && err.slug === 'import-rejected' ? err.extensions.report : null;
  return report && typeof report === 'object' ? (report as ImportReport) : null;
};

/** Row, column and problem of each rejected row: never a value from the file (the report is PHI-free by design). */
function ProblemTable({ report }: { report: ImportReport }): ReactElement {
  return (
    <Table striped withTableBorder>
      <Table.Caption>Rejected rows (line numbers count the header as line 1)</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Line</Table.Th>
          <Table.Th>Column</Table.Th>
          <Table.Th>Problem</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {report.problems.map((p, i) => (
          <Table.Tr key={i}>
            <Table.Td>{p.row}</Table.Td>
            <Table.Td>{p.field}</Table.Td>
            <Table.Td>{p.message}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Owner: clients from a CSV file, for a practice moving in. All or nothing unless the owner chooses
 * to import only the good rows. The file is read in the browser and sent once; nothing of it is kept
 * on this screen after it is sent.
 */
export function ClientImportPage(): ReactElement {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [partial, setPartial] = useState(false);
  const run = useMutation({
    mutationFn: async () => api<ImportReport>('POST', '/api/practice/clients/import', { csv: file ? await file.text() : '', partial }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['clinical', 'clients'] }),
  });
  const refused = reportOf(run.error);
  const done = run.data;
  return (
    <Page title="Import clients">
      <Text>
        A CSV file with a header line. Required columns: legal_first_name, legal_last_name, date_of_birth (YYYY-MM-DD). Optional: preferred_name, pronouns, email, phone, address_line1, address_line2, city, region, postal_code, emergency_contact_name,
        emergency_contact_phone, guardian_name, guardian_phone. At most 50,000 rows.
      </Text>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          run.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          <FileInput label="CSV file" required accept=".csv,text/csv" value={file} onChange={setFile} clearable clearButtonProps={{ 'aria-label': 'Remove the chosen file' }} placeholder="Choose a file" maw={420} />
          <Checkbox
            label="Import the good rows even if some are rejected"
            description="Off: one rejected row and nothing is imported, so the file can be fixed and sent again whole."
            checked={partial}
            onChange={(e) => setPartial(e.currentTarget.checked)}
          />
          <Group>
            <Button type="submit" disabled={!file} loading={run.isPending}>
              Import
            </Button>
          </Group>
        </Stack>
      </form>
      {refused ? (
        <Alert color="red" role="alert" title="Nothing was imported">
          {refused.rejectedRows} of {refused.rows} rows have problems, listed below. Fix them and import the file again, or tick the box above to import only the good rows.
        </Alert>
      ) : (
        <ProblemAlert error={run.error} title="Nothing was imported" />
      )}
      {refused && <ProblemTable report={refused} />}
      {done && (
        <Alert color={done.rejectedRows ? 'yellow' : 'green'} role="status" title="Imported">
          {done.imported} of {done.rows} clients imported{done.rejectedRows ? `; ${done.rejectedRows} rows were rejected and are listed below` : ''}. Imported clients have no care team yet: add one on each chart. <Link to="/clinical/clients">Back to clients</Link>
        </Alert>
      )}
      {done && done.problems.length > 0 && <ProblemTable report={done} />}
    </Page>
  );
}
