/**
 * Every column that holds PHI, table by table. Each must have the `ciphertext` type (migration 0020)
 * and be written through the field cipher; the schema test (phi-columns.db.test.ts) fails when a
 * registered column is not, or when a column (of any table: tenant or installation-level) whose name
 * looks like PHI is neither here nor in PHI_LOOKALIKE_ALLOWLIST. Modules add their entries when they
 * add their tables.
 */
export interface PhiColumn {
  table: string;
  column: string;
  /** The column whose value is the row id in the AAD (default `id`). */
  rowIdColumn?: string;
  /** What it holds, e.g. 'client name', 'session note text'. */
  holds: string;
  /**
   * Whose keys seal it: 'practice' (default; the practice field cipher, re-encrypted by a practice key
   * rotation, destroyed by crypto-shredding) or 'installation' (the installation field cipher: accounts).
   */
  scope?: 'practice' | 'installation';
}

export const PHI_COLUMNS: readonly PhiColumn[] = [
  // Identity (migration 0050): accounts under the installation keys, invitations under the practice's.
  { table: 'users', column: 'email', holds: 'account email address (looked up through users.email_bidx)', scope: 'installation' },
  { table: 'users', column: 'display_name', holds: "account holder's name (a client's account carries the client's name)", scope: 'installation' },
  // Not PHI but a credential: encrypted at rest all the same, so a database copy cannot mint codes.
  { table: 'user_totp', column: 'secret', rowIdColumn: 'user_id', holds: 'TOTP shared secret (credential)', scope: 'installation' },
  { table: 'invitations', column: 'email', holds: 'invited email address (looked up through invitations.email_bidx)' },
  // Clients and appointments (src/modules/clients, src/modules/appointments; migrations 0060-0061).
  { table: 'clients', column: 'demographics', holds: 'client demographics and contact preferences (JSON: names, date of birth, contact data, address, emergency contact, guardian)' },
  { table: 'appointments', column: 'location', holds: 'appointment location or telehealth link text' },
  // Measurement-based care (src/modules/assessments, src/modules/crisis-alerts).
  { table: 'assessment_administrations', column: 'answers', holds: 'instrument item answers (JSON)' },
  { table: 'assessment_administrations', column: 'score', holds: 'instrument total, severity band and provisional-diagnosis result (JSON)' },
  { table: 'crisis_alerts', column: 'answer_value', holds: 'the answer that raised a crisis alert' },
  // Clinical documents (src/modules/notes, psychotherapy-notes, treatment-plans; migration 0070):
  // each saved version's whole content as one encrypted JSON.
  { table: 'progress_note_versions', column: 'content', holds: 'progress note sections (SOAP/DAP/BIRP/GIRP) or addendum text' },
  { table: 'psychotherapy_note_versions', column: 'content', holds: 'psychotherapy note text (45 CFR 164.501)' },
  { table: 'treatment_plan_versions', column: 'content', holds: 'treatment plan: problems, goals, objectives, interventions, dates' },
];

/** The registered columns sealed with a practice's keys (what a practice key rotation re-encrypts). */
export const PRACTICE_PHI_COLUMNS: readonly PhiColumn[] = PHI_COLUMNS.filter((c) => (c.scope ?? 'practice') === 'practice');

/** Columns whose names look like PHI but are not, each with the reason. */
export const PHI_LOOKALIKE_ALLOWLIST: readonly { table: string; column: string; reason: string }[] = [
  { table: 'practices', column: 'name', reason: "the practice's business name, shown to its members and clients; not about a person" },
  { table: 'schema_migrations', column: 'name', reason: 'file name of an applied migration' },
  ...(['plain_email', 'plain_display_name', 'plain_totp_secret'] as const).map((column) => ({
    table: 'identity_plaintext_backlog',
    column,
    reason:
      'identity rows written before migration 0050, waiting for the start-time conversion (src/platform/auth/identity-backlog.ts), which encrypts them and deletes them before anything is served; the application may not insert here',
  })),
  // Clinical documents (migration 0070).
  ...['progress_notes', 'psychotherapy_notes', 'treatment_plans'].map((table) => ({
    table,
    column: 'content_sha256',
    reason: 'SHA-256 recorded at signing over the canonical content, signer and time (integrity check, not the content)',
  })),
];

/**
 * Name segments that suggest PHI. Matched against the `_`-separated parts of a column name, so
 * `first_name` and `note_text` match and `context` or `notebook_id` do not.
 */
export const PHI_NAME_SEGMENT =
  /^(e?mail|emails|name|names|firstname|lastname|surname|phone|phones|mobile|fax|dob|birth|birthdate|birthday|address|addresses|street|city|zip|postcode|ssn|mrn|note|notes|text|body|transcript|transcripts|message|messages|answer|answers|journal|journals|diagnosis|diagnoses|comment|comments|summary|narrative|content)$/;

/** Blind index columns (`<field>_bidx`, type blind_index) are keyed hashes, not PHI. */
export function looksLikePhi(column: string): boolean {
  if (column.endsWith('_bidx')) return false;
  return column.split('_').some((part) => PHI_NAME_SEGMENT.test(part));
}
