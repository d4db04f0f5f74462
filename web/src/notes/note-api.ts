import { NOTE_FORMATS, type NoteFormat } from '../../../src/modules/notes/formats';

/**
 * The two note kinds of the chart as the API shows them (src/modules/notes/document-routes.ts).
 * Progress notes and psychotherapy notes share routes and rules; they differ in path, formats and
 * extras (Part 2 on progress notes, AI opt-in and grants on psychotherapy notes).
 */
export type NoteKindPath = 'notes' | 'psychotherapy-notes';
export type DocFormat = NoteFormat | 'addendum' | 'psychotherapy';

export interface NoteMeta {
  id: string;
  clientId: string;
  kind: 'original' | 'addendum' | 'amendment';
  format: DocFormat;
  parentId: string | null;
  rootId: string;
  authorId: string;
  status: 'draft' | 'signed';
  version: number;
  signedBy: string | null;
  signedAt: string | null;
  contentSha256: string | null;
  createdAt: string;
  updatedAt: string;
  appointmentId: string | null;
  /** Progress notes only. */
  part2?: boolean;
  /** Psychotherapy notes only. */
  aiOptIn?: boolean;
}

export type NoteContent = Record<string, string>;

export interface Note extends NoteMeta {
  content: NoteContent;
  addenda: string[];
  amendments: string[];
}

export interface VersionMeta {
  version: number;
  savedBy: string;
  savedAt: string;
}

export interface SectionDiff {
  section: string;
  label: string;
  changed: boolean;
  parts: { op: 'equal' | 'insert' | 'delete'; text: string }[];
}

export interface Verification {
  signed: boolean;
  valid: boolean;
  storedSha256: string | null;
  computedSha256: string | null;
  reason: 'ok' | 'unsigned' | 'hash_mismatch' | 'undecryptable';
}

export const PROGRESS_FORMATS: NoteFormat[] = ['soap', 'dap', 'birp', 'girp'];
export const FORMAT_LABEL: Record<DocFormat, string> = { soap: 'SOAP', dap: 'DAP', birp: 'BIRP', girp: 'GIRP', addendum: 'Addendum', psychotherapy: 'Psychotherapy note' };

/** The sections the editor shows for a format, in the order the server hashes and diffs them. */
export function sectionsOf(format: DocFormat): readonly { key: string; label: string }[] {
  if (format === 'addendum') return [{ key: 'text', label: 'Addendum' }];
  if (format === 'psychotherapy') return [{ key: 'text', label: 'Psychotherapy note' }];
  return NOTE_FORMATS[format];
}

/** Every section present (empty when never written), so "changed?" compares like with like. */
export function fullContent(format: DocFormat, content: Record<string, unknown>): NoteContent {
  return Object.fromEntries(sectionsOf(format).map((s) => [s.key, typeof content[s.key] === 'string' ? (content[s.key] as string) : '']));
}

export function sameContent(a: NoteContent, b: NoteContent): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? '') !== (b[k] ?? '')) return false;
  return true;
}

export const kindBase = (clientId: string, kind: NoteKindPath): string => `/api/practice/clients/${clientId}/${kind}`;
export const noteUrl = (clientId: string, kind: NoteKindPath, noteId: string): string => `${kindBase(clientId, kind)}/${noteId}`;

/** Query keys: everything of one client's notes of one kind sits under the first. */
export const notesKey = (clientId: string, kind: NoteKindPath): readonly unknown[] => ['notes', clientId, kind];
export const noteKey = (clientId: string, kind: NoteKindPath, noteId: string): readonly unknown[] => [...notesKey(clientId, kind), 'note', noteId];

/** Where a note opens in the chart (ids only). */
export const chartNotePath = (clientId: string, kind: NoteKindPath, noteId: string): string => `/clinical/clients/${clientId}/${kind}/${noteId}`;

export function kindLabel(n: Pick<NoteMeta, 'kind' | 'format'>): string {
  if (n.kind === 'addendum') return 'Addendum';
  if (n.kind === 'amendment') return `Amendment (${FORMAT_LABEL[n.format]})`;
  return FORMAT_LABEL[n.format] ?? n.format;
}
