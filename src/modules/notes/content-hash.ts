import { createHash } from 'node:crypto';
import type { NoteContent, NoteFormat } from './formats.js';
import { normaliseContent } from './formats.js';

export interface SignedContent {
  noteId: string;
  format: NoteFormat;
  content: NoteContent;
  signedBy: string;
  signedAt: Date;
}

/**
 * The SHA-256 recorded when a note is signed. It covers the note id, format, every section in the
 * format's order, the signer and the time, serialised as canonical JSON (fixed key order, no
 * whitespace), so anyone holding an export can recompute it and see that nothing changed since.
 */
export function signedContentHash(s: SignedContent): string {
  const canonical = JSON.stringify([
    'confidant-note-v1',
    s.noteId,
    s.format,
    Object.entries(normaliseContent(s.format, s.content)),
    s.signedBy,
    s.signedAt.toISOString(),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
