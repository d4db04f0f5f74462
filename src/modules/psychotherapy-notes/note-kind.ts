import type { DocumentKind } from '../notes/document-store.js';

/**
 * Psychotherapy notes (45 CFR 164.501): the same versioning and signing as progress notes, kept in
 * their own tables and reachable only by the author of the note's chain and by those the author
 * grants. Nobody else reads them, whatever their role: not staff, not other clinicians of the care
 * team, and not the practice owner. The owner is not the author, and 164.508(a)(2) requires the
 * client's specific authorization for nearly every use or disclosure of psychotherapy notes other
 * than by their originator; running the practice is not one of the exceptions, so owner access
 * would need a grant from the author like anyone else's (docs/NOTES.md).
 */
export const PSYCHOTHERAPY_NOTES: DocumentKind = {
  table: 'psychotherapy_notes',
  versionsTable: 'psychotherapy_note_versions',
  resourceType: 'psychotherapy_note',
  originalFormats: ['psychotherapy'],
  extraColumns: ['appointment_id', 'ai_opt_in'],
  authorOnly: { grantsTable: 'psychotherapy_note_grants' },
};

export function presentPsychotherapyExtras(extras: Record<string, unknown>): { appointmentId: string | null; aiOptIn: boolean } {
  return { appointmentId: (extras.appointment_id as string | null | undefined) ?? null, aiOptIn: extras.ai_opt_in === true };
}
