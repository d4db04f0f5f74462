import { diffWords } from 'diff';
import type { NoteContent, NoteFormat } from './formats.js';
import { NOTE_FORMATS, normaliseContent } from './formats.js';

export interface DiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface SectionDiff {
  section: string;
  label: string;
  changed: boolean;
  parts: DiffPart[];
}

/** Word-level differences between two versions of a note, section by section, in the format's order. */
export function diffNoteVersions(format: NoteFormat, before: NoteContent, after: NoteContent): SectionDiff[] {
  const a = normaliseContent(format, before);
  const b = normaliseContent(format, after);
  return NOTE_FORMATS[format].map(({ key, label }) => {
    const parts: DiffPart[] = diffWords(a[key] ?? '', b[key] ?? '').map((c) => ({
      op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
      text: c.value,
    }));
    return { section: key, label, changed: parts.some((p) => p.op !== 'equal'), parts };
  });
}
