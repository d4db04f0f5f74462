import { isCommonPassword } from './common-passwords.js';

/**
 * The one password policy, used by every form and route that sets a password.
 * - `default`: length plus 3 of the 4 character classes;
 * - `nist` (NIST SP 800-63B-4): no composition rules; an installation chooses it.
 * Both refuse common passwords, personal words, sequences and repeats, and allow any character
 * (paste and password managers welcome). Every failed rule is reported, not just the first.
 */
export type PasswordProfile = 'default' | 'nist';

export const PASSWORD_MIN_WITH_MFA = 12;
export const PASSWORD_MIN_WITHOUT_MFA = 15;
export const PASSWORD_MAX = 128;

export interface PasswordContext {
  profile: PasswordProfile;
  /** Accounts without MFA need a longer password. */
  hasMfa: boolean;
  email?: string | null;
  displayName?: string | null;
  practiceName?: string | null;
}

export type PasswordRule = 'too_short' | 'too_long' | 'character_classes' | 'common' | 'personal' | 'sequence' | 'repeat';

export interface PasswordFailure {
  rule: PasswordRule;
  message: string;
}

const SEQUENCE_ROWS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'];
const SEQUENCE_LENGTH = 4;

function hasSequence(lower: string): boolean {
  for (let i = 0; i + SEQUENCE_LENGTH <= lower.length; i++) {
    const part = lower.slice(i, i + SEQUENCE_LENGTH);
    const reversed = [...part].reverse().join('');
    if (SEQUENCE_ROWS.some((row) => row.includes(part) || row.includes(reversed))) return true;
  }
  return false;
}

function hasRepeat(password: string): boolean {
  return /(.)\1{3,}/su.test(password);
}

function characterClasses(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
}

/** Words of at least 4 letters taken from the email name, display name and practice name. */
function personalWords(ctx: PasswordContext): string[] {
  const sources = [ctx.email?.split('@')[0], ctx.displayName, ctx.practiceName].filter((s): s is string => Boolean(s));
  const words = new Set<string>();
  for (const s of sources) {
    const lower = s.toLowerCase();
    if (lower.replace(/[^\p{L}\p{N}]/gu, '').length >= 4) words.add(lower.replace(/[^\p{L}\p{N}]/gu, ''));
    for (const w of lower.split(/[^\p{L}\p{N}]+/u)) if (w.length >= 4) words.add(w);
  }
  return [...words];
}

export function minimumLength(hasMfa: boolean): number {
  return hasMfa ? PASSWORD_MIN_WITH_MFA : PASSWORD_MIN_WITHOUT_MFA;
}

export function checkPassword(password: string, ctx: PasswordContext): PasswordFailure[] {
  const failures: PasswordFailure[] = [];
  const length = [...password].length;
  const min = minimumLength(ctx.hasMfa);
  if (length < min) failures.push({ rule: 'too_short', message: `Use at least ${min} characters${ctx.hasMfa ? '' : ' (15 for an account without two-factor authentication)'}.` });
  if (length > PASSWORD_MAX) failures.push({ rule: 'too_long', message: `Use at most ${PASSWORD_MAX} characters.` });
  if (ctx.profile === 'default' && characterClasses(password) < 3) {
    failures.push({ rule: 'character_classes', message: 'Use at least 3 of: lowercase letters, uppercase letters, digits, symbols.' });
  }
  const lower = password.toLowerCase();
  if (isCommonPassword(password)) failures.push({ rule: 'common', message: 'This password is among the most commonly used passwords.' });
  if (personalWords(ctx).some((w) => lower.replace(/[^\p{L}\p{N}]/gu, '').includes(w) || lower.includes(w))) {
    failures.push({ rule: 'personal', message: 'Do not use your email name, your name or the practice name in the password.' });
  }
  if (hasSequence(lower)) failures.push({ rule: 'sequence', message: 'Avoid sequences such as abcd, 6789 or keyboard rows like qwerty.' });
  if (hasRepeat(password)) failures.push({ rule: 'repeat', message: 'Avoid a character repeated four or more times, such as aaaa.' });
  return failures;
}
