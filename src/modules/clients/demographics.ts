import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/** A phone number in E.164 (+15555550123), parsed with the US as the default region. */
export const E164Phone = z.string().transform((v, ctx) => {
  const parsed = parsePhoneNumberFromString(v, 'US');
  if (!parsed?.isValid()) {
    ctx.addIssue({ code: 'custom', message: 'not a valid phone number' });
    return z.NEVER;
  }
  return parsed.number;
});

const isoDate = z.iso.date({ error: 'expected a date as YYYY-MM-DD' });

/** Messages here must never quote the value: the value is PHI and the message reaches logs and screens. */
export const ClientDemographics = z.object({
  legalFirstName: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'longer than 100 characters' }),
  legalLastName: z.string().trim().min(1, { error: 'required' }).max(100, { error: 'longer than 100 characters' }),
  preferredName: z.string().trim().max(100, { error: 'longer than 100 characters' }).optional(),
  pronouns: z.string().trim().max(40, { error: 'longer than 40 characters' }).optional(),
  dateOfBirth: isoDate.refine((d) => d <= new Date().toISOString().slice(0, 10) && d >= '1900-01-01', { error: 'not a plausible date of birth' }),
  email: z.email({ error: 'not a valid email address' }).max(254).optional(),
  phone: E164Phone.optional(),
  addressLine1: z.string().trim().max(200).optional(),
  addressLine2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  region: z.string().trim().max(100).optional(),
  postalCode: z.string().trim().max(20).optional(),
  emergencyContactName: z.string().trim().max(200).optional(),
  emergencyContactPhone: E164Phone.optional(),
  guardianName: z.string().trim().max(200).optional(),
  guardianPhone: E164Phone.optional(),
});
export type ClientDemographics = z.output<typeof ClientDemographics>;

/** A client under 18 on the given day needs a guardian on record. */
export function isMinor(dateOfBirth: string, today: Date = new Date()): boolean {
  const dob = new Date(`${dateOfBirth}T00:00:00Z`);
  const eighteenth = new Date(Date.UTC(dob.getUTCFullYear() + 18, dob.getUTCMonth(), dob.getUTCDate()));
  return today.getTime() < eighteenth.getTime();
}
