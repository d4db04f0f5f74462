/** The Safe Harbor categories (45 CFR 164.514(b)(2)(i)) as named in Confidant's output. */
export const PHI_TYPES = [
  'NAME',
  'ADDRESS',
  'LOCATION',
  'ZIP',
  'DATE',
  'AGE',
  'PHONE',
  'FAX',
  'EMAIL',
  'SSN',
  'MRN',
  'HEALTH_PLAN',
  'ACCOUNT',
  'LICENSE',
  'VEHICLE',
  'DEVICE',
  'URL',
  'IP',
  'BIOMETRIC',
  'ID',
] as const;

export type PhiType = (typeof PHI_TYPES)[number];

/** A detected identifier; offsets are UTF-16 indices into the input, end exclusive. */
export interface Span {
  start: number;
  end: number;
  type: PhiType;
  text: string;
  confidence: number;
}

/** Values the caller already knows (client, family, clinician, practice): always redacted. */
export interface KnownIdentifier {
  type: PhiType;
  value: string;
}

export type RedactMode = 'mask' | 'surrogate' | 'pseudonymize';

export interface DetectOptions {
  /** Identifiers that must always be found, with their variants. */
  known?: readonly KnownIdentifier[];
  /** Spans below this confidence are dropped (default 0: recall first). */
  minConfidence?: number;
  /**
   * 'standard' (default) reports what the rules and lists support. 'high' also reports every
   * capitalised word no English or clinical list holds and every lower-case given name:
   * more names found where nothing announces them, more brands and firms masked with them. For
   * research exports and text written to logs, where over-redaction costs little.
   */
  sensitivity?: 'standard' | 'high';
}

export interface RedactResult {
  text: string;
  spans: Span[];
}
