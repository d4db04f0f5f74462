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

/** One titled block of text of any clinical document, as diffed. */
export interface DocumentSection {
  key: string;
  label: string;
  text: string;
}

/**
 * Word-level differences between two versions of any document given as sections: every key of
 * either side, in the order of `after` then the ones only `before` had (a removed problem of a plan).
 */
export function diffSections(before: DocumentSection[], after: DocumentSection[]): SectionDiff[] {
  const a = new Map(before.map((s) => [s.key, s]));
  const b = new Map(after.map((s) => [s.key, s]));
  const keys = [...after.map((s) => s.key), ...before.map((s) => s.key).filter((k) => !b.has(k))];
  return keys.map((key) => {
    const parts: DiffPart[] = diffWords(a.get(key)?.text ?? '', b.get(key)?.text ?? '').map((c) => ({
      op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
      text: c.value,
    }));
    return { section: key, label: (b.get(key) ?? a.get(key))!.label, changed: parts.some((p) => p.op !== 'equal'), parts };
  });
}

/** A progress note's sections in the format's order, missing ones empty. */
export function noteSections(format: NoteFormat, content: NoteContent): DocumentSection[] {
  const c = normaliseContent(format, content);
  return NOTE_FORMATS[format].map(({ key, label }) => ({ key, label, text: c[key] ?? '' }));
}

/** Word-level differences between two versions of a note, section by section, in the format's order. */
export function diffNoteVersions(format: NoteFormat, before: NoteContent, after: NoteContent): SectionDiff[] {
  return diffSections(noteSections(format, before), noteSections(format, after));
}
