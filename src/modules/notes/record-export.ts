import { TREATMENT_PLANS } from '../treatment-plans/plan-kind.js';
import type { DocumentEnv, DocumentMeta } from './document-store.js';
import { allDocuments } from './document-store.js';
import { documentView } from './document-routes.js';
import { PROGRESS_NOTES, presentNoteExtras } from './progress-notes.js';

/**
 * The client's designated record set as JSON, the basis of the right of access (45 CFR 164.524):
 * progress notes and treatment plans, signed and draft, each with its signature check.
 *
 * Left out, always: psychotherapy notes (164.524(a)(1)(i) excludes them from the right of access;
 * they live in their own table that this code does not read). Left out unless asked explicitly:
 * 42 CFR Part 2 notes (substance-use-disorder records need their own disclosure basis); when they
 * are included, the export carries the redisclosure notice of 42 CFR 2.32. Withheld Part 2 notes are
 * not counted either: even their existence is Part 2 information.
 */
export const PART2_NOTICE =
  'This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). 42 CFR part 2 prohibits unauthorized use or disclosure of these records.';

export interface RecordExport {
  clientId: string;
  exportedAt: string;
  basis: string;
  part2: { included: boolean; notice: string | null };
  excluded: string[];
  progressNotes: Record<string, unknown>[];
  treatmentPlans: Record<string, unknown>[];
}

export async function exportClientRecord(env: DocumentEnv, clientId: string, opts: { includePart2: boolean }): Promise<RecordExport> {
  const keepNote = (m: DocumentMeta): boolean => opts.includePart2 || m.extras.part2 !== true;
  const notes = await allDocuments(env, PROGRESS_NOTES, clientId, keepNote);
  const plans = await allDocuments(env, TREATMENT_PLANS, clientId, () => true);
  env.tx.audit({ action: 'export', resourceType: 'client_record', resourceId: opts.includePart2 ? 'part2_included' : 'part2_withheld', subjectClientId: clientId, purposeOfUse: 'client_request' });
  if (opts.includePart2 && notes.some((n) => n.extras.part2 === true)) {
    // Audit resource types are [a-z_] only, hence part_two rather than part2.
    env.tx.audit({ action: 'disclose', resourceType: 'part_two_record', subjectClientId: clientId, purposeOfUse: 'client_request' });
  }
  return {
    clientId,
    exportedAt: env.now.toISOString(),
    basis: '45 CFR 164.524 (right of access)',
    part2: { included: opts.includePart2, notice: opts.includePart2 ? PART2_NOTICE : null },
    excluded: [
      'psychotherapy notes (45 CFR 164.501, 164.524(a)(1)(i))',
      ...(opts.includePart2 ? [] : ['42 CFR Part 2 records (ask with includePart2=true under a Part 2 disclosure basis)']),
    ],
    progressNotes: notes.map((n) => ({ ...documentView(n, presentNoteExtras), verification: n.verification })),
    treatmentPlans: plans.map((p) => ({ ...documentView(p, () => ({})), verification: p.verification })),
  };
}
