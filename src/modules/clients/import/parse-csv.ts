import { parse } from 'csv-parse/sync';
import type { ClientDemographics as Demographics } from '../demographics.js';
import { ClientDemographics, isMinor } from '../demographics.js';

/** CSV column -> field. The header row must use these names (case and spaces are ignored). */
export const CSV_COLUMNS: Record<string, keyof Demographics> = {
  legal_first_name: 'legalFirstName',
  legal_last_name: 'legalLastName',
  preferred_name: 'preferredName',
  pronouns: 'pronouns',
  date_of_birth: 'dateOfBirth',
  email: 'email',
  phone: 'phone',
  address_line1: 'addressLine1',
  address_line2: 'addressLine2',
  city: 'city',
  region: 'region',
  postal_code: 'postalCode',
  emergency_contact_name: 'emergencyContactName',
  emergency_contact_phone: 'emergencyContactPhone',
  guardian_name: 'guardianName',
  guardian_phone: 'guardianPhone',
};
const REQUIRED = ['legal_first_name', 'legal_last_name', 'date_of_birth'];
export const MAX_IMPORT_ROWS = 50_000;

export interface RowProblem {
  column: string;
  message: string;
}

export interface RejectedRow {
  /** 1-based line in the file, counting the header as line 1. */
  line: number;
  problems: RowProblem[];
}

export interface ParsedImport {
  accepted: { line: number; client: Demographics }[];
  rejected: RejectedRow[];
}

export class CsvFileError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'CsvFileError';
  }
}

const normaliseHeader = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/**
 * Validates a client CSV row by row. Problems name the line and column, never the value, because the
 * report is shown on screen and kept with the import's audit trail. Duplicate emails within the file
 * are rejected too, since they would become duplicate clients.
 */
export function parseClientCsv(text: string, today: Date = new Date()): ParsedImport {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, trim: false, info: true }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new CsvFileError([`the file is not valid CSV${line ? ` (near line ${line})` : ''}`]);
  }
  const [first, ...rows] = records;
  if (!first) throw new CsvFileError(['the file is empty']);
  const header = first.record;
  const columns = header.map(normaliseHeader);
  const problems: string[] = [];
  const unknown = columns.filter((c) => !(c in CSV_COLUMNS));
  if (unknown.length) problems.push(`unknown columns: ${unknown.join(', ')} (expected: ${Object.keys(CSV_COLUMNS).join(', ')})`);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length) problems.push(`missing required columns: ${missing.join(', ')}`);
  const dupes = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (dupes.length) problems.push(`repeated columns: ${[...new Set(dupes)].join(', ')}`);
  if (rows.length > MAX_IMPORT_ROWS) problems.push(`more than ${MAX_IMPORT_ROWS} rows; split the file`);
  if (problems.length) throw new CsvFileError(problems);

  const result: ParsedImport = { accepted: [], rejected: [] };
  const emails = new Map<string, number>();
  rows.forEach(({ record: cells, info }) => {
    // The line the row starts on, as an editor shows it: blank lines count, and a quoted field that
    // spans lines moves the next row down (info.lines is where the row ends).
    const line = info.lines - cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    const input: Record<string, string> = {};
    columns.forEach((c, n) => {
      const v = (cells[n] ?? '').trim();
      if (v !== '') input[CSV_COLUMNS[c]!] = v;
    });
    const parsed = ClientDemographics.safeParse(input);
    const rowProblems: RowProblem[] = [];
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        const column = Object.keys(CSV_COLUMNS).find((k) => CSV_COLUMNS[k] === field) ?? field;
        rowProblems.push({ column, message: issue.code === 'invalid_type' ? 'required' : issue.message });
      }
    } else {
      const c = parsed.data;
      if (isMinor(c.dateOfBirth, today) && !c.guardianName) rowProblems.push({ column: 'guardian_name', message: 'required for a client under 18' });
      if (c.email) {
        const key = c.email.toLowerCase();
        const first = emails.get(key);
        if (first) rowProblems.push({ column: 'email', message: `same email as line ${first}` });
        else emails.set(key, line);
      }
    }
    if (rowProblems.length) result.rejected.push({ line, problems: rowProblems });
    else if (parsed.success) result.accepted.push({ line, client: parsed.data });
  });
  return result;
}
