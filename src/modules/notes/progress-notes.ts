import type { DocumentKind, DocumentMeta } from './document-store.js';

/** Progress notes: SOAP, DAP, BIRP or GIRP, with the appointment they document and the Part 2 flag. */
export const PROGRESS_NOTES: DocumentKind = {
  table: 'progress_notes',
  versionsTable: 'progress_note_versions',
  resourceType: 'progress_note',
  originalFormats: ['soap', 'dap', 'birp', 'girp'],
  extraColumns: ['appointment_id', 'part2'],
  inherit: inheritFromNote,
};

/**
 * An addendum or amendment keeps the appointment of the note it follows, and a Part 2 note's
 * follow-ups are Part 2 as well (42 CFR Part 2: the flag can be added, never dropped by a follow-up).
 */
export function inheritFromNote(parent: DocumentMeta): Record<string, unknown> {
  return {
    ...(parent.extras.part2 === true ? { part2: true } : {}),
    ...(parent.extras.appointment_id ? { appointment_id: parent.extras.appointment_id } : {}),
  };
}

export function presentNoteExtras(extras: Record<string, unknown>): { appointmentId: string | null; part2: boolean } {
  return { appointmentId: (extras.appointment_id as string | null | undefined) ?? null, part2: extras.part2 === true };
}
