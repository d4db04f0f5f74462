import { z } from 'zod';

/**
 * Progress-note formats and their sections. A note's content is a map of section key to text; every
 * format's sections are fixed here so the editor, the signature hash and exports agree on them.
 */
export const NOTE_FORMATS = {
  soap: [
    { key: 'subjective', label: 'Subjective' },
    { key: 'objective', label: 'Objective' },
    { key: 'assessment', label: 'Assessment' },
    { key: 'plan', label: 'Plan' },
  ],
  dap: [
    { key: 'data', label: 'Data' },
    { key: 'assessment', label: 'Assessment' },
    { key: 'plan', label: 'Plan' },
  ],
  birp: [
    { key: 'behavior', label: 'Behavior' },
    { key: 'intervention', label: 'Intervention' },
    { key: 'response', label: 'Response' },
    { key: 'plan', label: 'Plan' },
  ],
  girp: [
    { key: 'goals', label: 'Goals' },
    { key: 'intervention', label: 'Intervention' },
    { key: 'response', label: 'Response' },
    { key: 'plan', label: 'Plan' },
  ],
} as const;

export type NoteFormat = keyof typeof NOTE_FORMATS;
export const NoteFormatSchema = z.enum(Object.keys(NOTE_FORMATS) as [NoteFormat, ...NoteFormat[]]);

export type NoteContent = Record<string, string>;

const MAX_SECTION_CHARS = 50_000;

/** The content schema of one format: exactly its sections, each text (empty allowed while drafting). */
export function noteContentSchema(format: NoteFormat): z.ZodType<NoteContent> {
  const shape = Object.fromEntries(NOTE_FORMATS[format].map((s) => [s.key, z.string().max(MAX_SECTION_CHARS).default('')]));
  return z.strictObject(shape) as unknown as z.ZodType<NoteContent>;
}

/** Sections in the format's order, missing ones empty: the one shape that is hashed, diffed and exported. */
export function normaliseContent(format: NoteFormat, content: NoteContent): NoteContent {
  return Object.fromEntries(NOTE_FORMATS[format].map((s) => [s.key, (content[s.key] ?? '').replace(/\r\n?/g, '\n')]));
}
