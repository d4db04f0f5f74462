import { z } from 'zod';
import type { FieldError } from '../../platform/http/problem.js';
import { planGaps, planSections, TreatmentPlanContentSchema } from '../treatment-plans/plan-content.js';
import type { TreatmentPlanContent } from '../treatment-plans/plan-content.js';
import { signedContentHash } from './content-hash.js';
import { signedDocumentHash } from './document-hash.js';
import type { NoteContent, NoteFormat } from './formats.js';
import { NOTE_FORMATS, noteContentSchema } from './formats.js';
import type { DocumentSection } from './version-diff.js';
import { noteSections } from './version-diff.js';

/**
 * What each document format's content is: its schema, its sections (for diffs), what signing
 * needs, and the hash recorded at signing. The document store knows formats only through this.
 */
export const DOCUMENT_FORMATS = ['soap', 'dap', 'birp', 'girp', 'addendum', 'psychotherapy', 'treatment_plan'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];
export type DocumentContent = Record<string, unknown>;

export interface SigningInput {
  documentId: string;
  content: DocumentContent;
  signedBy: string;
  signedAt: Date;
}

export interface ContentType {
  schema: z.ZodType<DocumentContent>;
  sections(content: DocumentContent): DocumentSection[];
  /** What is missing before the content can be signed (field errors), empty when ready. */
  gaps(content: DocumentContent): FieldError[];
  hash(input: SigningInput): string;
}

const MAX_TEXT = 50_000;
const FreeText = z.strictObject({ text: z.string().max(MAX_TEXT).default('') });

function freeText(domain: string, label: string): ContentType {
  return {
    schema: FreeText as unknown as z.ZodType<DocumentContent>,
    sections: (c) => [{ key: 'text', label, text: String(c.text ?? '').replace(/\r\n?/g, '\n') }],
    gaps: (c) => (String(c.text ?? '').trim() ? [] : [{ field: 'content/text', message: 'write the text before signing' }]),
    hash: (s) => signedDocumentHash({ domain, documentId: s.documentId, content: { text: String(s.content.text ?? '').replace(/\r\n?/g, '\n') }, signedBy: s.signedBy, signedAt: s.signedAt }),
  };
}

function progressNote(format: NoteFormat): ContentType {
  return {
    schema: noteContentSchema(format) as unknown as z.ZodType<DocumentContent>,
    sections: (c) => noteSections(format, c as NoteContent),
    gaps: (c) => (NOTE_FORMATS[format].some((s) => String(c[s.key] ?? '').trim()) ? [] : [{ field: 'content', message: 'write at least one section before signing' }]),
    hash: (s) => signedContentHash({ noteId: s.documentId, format, content: s.content as NoteContent, signedBy: s.signedBy, signedAt: s.signedAt }),
  };
}

const treatmentPlan: ContentType = {
  schema: TreatmentPlanContentSchema as unknown as z.ZodType<DocumentContent>,
  sections: (c) => planSections(c as TreatmentPlanContent),
  gaps: (c) => planGaps(c as TreatmentPlanContent),
  hash: (s) => signedDocumentHash({ domain: 'confidant-treatment-plan-v1', documentId: s.documentId, content: s.content, signedBy: s.signedBy, signedAt: s.signedAt }),
};

export const CONTENT_TYPES: Record<DocumentFormat, ContentType> = {
  soap: progressNote('soap'),
  dap: progressNote('dap'),
  birp: progressNote('birp'),
  girp: progressNote('girp'),
  addendum: freeText('confidant-addendum-v1', 'Addendum'),
  psychotherapy: freeText('confidant-psychotherapy-note-v1', 'Psychotherapy note'),
  treatment_plan: treatmentPlan,
};

/** Parses content for a format; field errors are reported under `body/content/...`. */
export function parseContent(format: DocumentFormat, content: unknown): { ok: true; content: DocumentContent } | { ok: false; errors: FieldError[] } {
  const r = CONTENT_TYPES[format].schema.safeParse(content ?? {});
  if (r.success) return { ok: true, content: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ field: ['body', 'content', ...i.path.map(String)].join('/'), message: i.message })) };
}
