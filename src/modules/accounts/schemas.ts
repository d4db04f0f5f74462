import { z } from 'zod';
import { looksLikeEmail } from '../../platform/auth/user-email.js';
import { PASSWORD_MAX } from '../../platform/auth/password-policy.js';

export const Email = z.string().max(320).refine(looksLikeEmail, { error: 'expected an email address' });
/** Shape only: the policy (password-policy.ts) is applied where a password is set, naming each rule. */
export const NewPassword = z.string().min(1, { error: 'expected a password' }).max(PASSWORD_MAX * 4);
export const AnyPassword = z.string().min(1, { error: 'expected a password' }).max(1024);
export const DisplayName = z.string().trim().min(1, { error: 'expected a name' }).max(200);
export const TotpCode = z.string().regex(/^\d{6}$/, { error: 'expected the 6-digit code from the authenticator app' });
export const RecoveryCode = z.string().min(10).max(20);
export const Uuid = z.uuid({ error: 'expected an id (uuid)' });
