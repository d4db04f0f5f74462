/**
 * The consents Confidant asks for before acting. Each has a versioned text: a consent given to an
 * older version stays valid until the practice requires the new one (by raising `requiredVersion`).
 */
export const CONSENT_KINDS = {
  session_recording: {
    title: 'Recording of sessions',
    requiredVersion: 1,
    text: 'I agree that my sessions may be audio-recorded so my clinician can review them and prepare notes. Recordings are encrypted, kept only for the period the practice sets, and I may withdraw this consent at any time.',
  },
  sms: {
    title: 'Text messages (SMS)',
    requiredVersion: 1,
    // 45 CFR 164.522(b): a client may ask for communication by an alternative means; unencrypted SMS
    // carries a risk the client must be told about before choosing it.
    text: 'I ask to receive appointment reminders and messages by text message. I understand that text messages are not encrypted: they can be read by others with access to my phone or intercepted in transit, and my carrier may keep copies. I may withdraw this request at any time.',
  },
  ai_processing: {
    title: 'AI assistance with notes',
    requiredVersion: 1,
    text: 'I agree that my clinician may use AI assistance to draft notes from my sessions. Identifiers are removed before processing where possible, the AI output is only a draft my clinician reviews and signs, and I may withdraw this consent at any time.',
  },
  part2_disclosure: {
    title: 'Disclosure of substance-use disorder records (42 CFR Part 2)',
    requiredVersion: 1,
    text: 'I consent to the disclosure of my substance-use disorder treatment records as described in this form, to the recipient and for the purpose named. I understand that I may revoke this consent at any time except to the extent that action has already been taken in reliance on it.',
  },
} as const;

export type ConsentKind = keyof typeof CONSENT_KINDS;
/** How the client gave it: `written` is a signed paper form; `portal` is the client's own portal (to come). */
export const CONSENT_METHODS = ['written', 'electronic', 'verbal', 'portal'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface ConsentRecord {
  kind: ConsentKind;
  version: number;
  givenAt: Date;
  method: ConsentMethod;
  recordedBy: string;
  withdrawnAt: Date | null;
  /** Part 2 consents name a recipient and expire; others do not. */
  expiresAt?: Date | null;
}

/**
 * Whether a feature may act now. The newest record of the kind decides: a withdrawal, an expiry or a
 * version older than the one required all mean no.
 */
export function hasActiveConsent(records: readonly ConsentRecord[], kind: ConsentKind, at: Date = new Date()): boolean {
  const latest = records
    .filter((r) => r.kind === kind && r.givenAt.getTime() <= at.getTime())
    .sort((a, b) => b.givenAt.getTime() - a.givenAt.getTime())[0];
  if (!latest) return false;
  if (latest.withdrawnAt && latest.withdrawnAt.getTime() <= at.getTime()) return false;
  if (latest.expiresAt && latest.expiresAt.getTime() <= at.getTime()) return false;
  return latest.version >= CONSENT_KINDS[kind].requiredVersion;
}
