import { z } from 'zod';
import { ClientDemographics, isMinor } from './demographics.js';

/**
 * How the practice may reach the client. Mental-health care is sensitive even to housemates, so
 * every channel is off until the client says yes (a voicemail or a text can disclose treatment).
 */
export const ContactPreferences = z.object({
  preferredChannel: z.enum(['phone', 'text', 'email', 'mail']).nullable().default(null),
  okToLeaveVoicemail: z.boolean().default(false),
  okToText: z.boolean().default(false),
  okToEmail: z.boolean().default(false),
  okToMail: z.boolean().default(false),
});
export type ContactPreferences = z.output<typeof ContactPreferences>;

export const NO_CONTACT: ContactPreferences = { preferredChannel: null, okToLeaveVoicemail: false, okToText: false, okToEmail: false, okToMail: false };

/** The body of a new client: demographics plus contact preferences. */
export const NewClient = ClientDemographics.extend({ contactPreferences: ContactPreferences.optional() });
export type NewClient = z.output<typeof NewClient>;

/** The encrypted document stored in clients.demographics. */
export type ClientDocument = z.output<typeof ClientDemographics> & { contactPreferences: ContactPreferences };

const REQUIRED_FIELDS = ['legalFirstName', 'legalLastName', 'dateOfBirth'] as const;
const shape = ClientDemographics.shape;
type Shape = typeof shape;

/**
 * A change to demographics: any field may be given; optional fields may be null to clear them. The
 * merged record is validated again (a minor needs a guardian), so a patch cannot leave it invalid.
 */
export const ClientPatch = z
  .object(
    Object.fromEntries(
      (Object.keys(shape) as (keyof Shape)[]).map((k) => [k, (REQUIRED_FIELDS as readonly string[]).includes(k) ? shape[k].optional() : (shape[k] as z.ZodOptional<z.ZodType>).unwrap().nullable().optional()]),
    ) as { [K in keyof Shape]: z.ZodOptional<z.ZodNullable<Shape[K]>> },
  )
  .extend({ contactPreferences: ContactPreferences.partial().optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { error: 'give at least one field to change' });
export type ClientPatch = z.output<typeof ClientPatch>;

/** Problems of a whole record that no single field shows; messages never quote values. */
export function recordProblems(doc: ClientDocument, today: Date): { field: string; message: string }[] {
  return isMinor(doc.dateOfBirth, today) && !doc.guardianName ? [{ field: 'body/guardianName', message: 'required for a client under 18' }] : [];
}

/** Applies a patch to a stored document (null clears an optional field). */
export function applyPatch(doc: ClientDocument, patch: ClientPatch): ClientDocument {
  const next: Record<string, unknown> = { ...doc };
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'contactPreferences') continue;
    if (v === null) delete next[k];
    else if (v !== undefined) next[k] = v;
  }
  next.contactPreferences = { ...doc.contactPreferences, ...(patch.contactPreferences ?? {}) };
  return next as ClientDocument;
}

/** The name shown on calendars and lists: the preferred name where there is one. */
export function displayName(doc: Pick<ClientDocument, 'preferredName' | 'legalFirstName' | 'legalLastName'>): string {
  return `${doc.preferredName || doc.legalFirstName} ${doc.legalLastName}`;
}

export const DISCHARGE_REASONS = ['treatment_completed', 'client_request', 'referred_out', 'no_contact', 'moved', 'deceased', 'other'] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];
