import { ApiError } from './client';

/**
 * Plain words for the problems a person can meet. The server's `detail` is already written for
 * people, so it is the fallback; these replace the few that are worded for API clients.
 */
const PLAIN: Record<string, string> = {
  'mfa-required': 'Enter the 6-digit code from your authenticator app, or a recovery code.',
  'mfa-enrolment-required': 'Set up two-factor authentication before anything else.',
  'invalid-mfa-code': 'That code was not accepted. Check the time on your phone and try the next code.',
  'setup-token-invalid': 'The setup token is not valid: it was already used, has expired, or was mistyped.',
  'invitation-invalid': 'This invitation link is unknown, expired or already used. Ask the practice for a new one.',
  csrf: 'The request was refused for safety reasons. Reload the page and try again.',
  forbidden: 'You do not have permission to do this.',
  'not-found': 'Nothing was found there.',
  'too-many-requests': 'Too many attempts. Wait a minute and try again.',
  internal: 'Something went wrong on our side. Try again; if it keeps happening, tell your administrator.',
  validation: 'Some fields need attention.',
};

export function plainMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.slug === 'validation' && err.fieldErrors.length > 0) return PLAIN.validation ?? err.title;
    if (err.slug === 'weak-password') return 'The password is not strong enough; see the notes under the field.';
    if ( err.slug === 'conflict' || err.slug === 'account-exists' || err.slug === 'already-member') return err.detail ?? err.title;
    return PLAIN[err.slug] ?? err.detail ?? err.title;
  }
  return 'Something went wrong. Try again.';
}
