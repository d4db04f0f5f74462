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
  { table: 'users', column: 'email', holds: 'account email address (looked up through users.email_bidx)', scope: 'installation' },
  { table: 'users', column: 'display_name', holds: "account holder's name (a client's account carries the client's name)", scope: 'installation' },
  // Not PHI but a credential: encrypted at rest all the same, so a database copy cannot mint codes.
  { table: 'user_totp', column: 'secret', rowIdColumn: 'user_id', holds: 'TOTP shared secret (credential)', scope: 'installation' },
  { table: 'invitations', column: 'email', holds: 'invited email address (looked up through invitations.email_bidx)' },
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
